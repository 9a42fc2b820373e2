#!/usr/bin/env bash
# One corpus, four objectives: trains samples/objective-swap.conf as a GPT with causal-lm, a BERT with mlm, a T5 with
# span-corruption and a BART with text-infilling, all on the same tokenizer (trained by the first run), then prints
# one table and draws one picture of their loss curves with `basalt compare`.
#   samples/compare-objectives.sh [STEPS]      (default 300; the runs go to runs/objective-swap/)
set -euo pipefail
cd "$(dirname "$0")/.."
steps="${1:-300}"
out="runs/objective-swap"
if [ -e "$out" ]; then
  echo "compare-objectives: $out already exists; delete it (or move it) to run the comparison again." >&2
  exit 2
fi
tokenizer="$out/causal-lm/tokenizer.json"
train() {  # OBJECTIVE ARCHITECTURE [--set ...]
  local objective="$1" architecture="$2"
  shift 2
  local shared=()
  [ -f "$tokenizer" ] && shared=(--set "tokenizer.path=\"$tokenizer\"")
  ./basalt train samples/objective-swap.conf --set "run.output-dir=\"$out\"" --set "run.name=$objective" \
    --set "model.architecture=$architecture" --set "objective.type=$objective" --set "training.steps=$steps" \
    --set "training.checkpoint-every=$steps" "${shared[@]}" "$@"
}
train causal-lm gpt
train mlm bert
train span-corruption t5
# BART's ids of <s>, <pad>, </s> differ from T5's order in this tokenizer (<pad> 0, </s> 1, <s> 2)
train text-infilling bart --set model.bos-token-id=2 --set model.pad-token-id=0 --set model.eos-token-id=1 \
  --set model.decoder-start-token-id=1
./basalt compare "$out/causal-lm" "$out/mlm" "$out/span-corruption" "$out/text-infilling" --plot "$out/loss.png"
