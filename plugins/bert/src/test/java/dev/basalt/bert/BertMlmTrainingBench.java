package dev.basalt.bert;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.basalt.api.model.TokenBatch;
import dev.basalt.api.nn.AdamW;
import dev.basalt.api.tensor.Backends;
import dev.basalt.backend.cpu.CpuBackend;
import dev.basalt.conformance.TorchParameters;
import dev.basalt.conformance.TrainingStepRace;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Benchmark (not a test) of one masked-LM training step of a BERT-base-shaped encoder (post-LN, GELU, 30522 ids,
 * 512 positions, 2 token types, MLM head tied to the word embeddings, no pooler, no dropout) against the same model
 * in PyTorch through DJL ({@link TorchBert} on the same initial weights), in one process with the same thread count.
 * A step is the forward pass with MLM logits at every position, cross-entropy over the masked ~15% (labels -100
 * elsewhere), backward and AdamW. The first step's losses must agree, which shows both sides run the same model.
 * Run through {@code ./bench bert mlm [threads] [batch] [length] [layers] [warmup] [reps]} (defaults 2 8 128 12 2 5);
 * the command and numbers are in docs/PERFORMANCE.md, section "BERT-base MLM training step".
 */
final class BertMlmTrainingBench {

    /** BERT's pre-training recipe (Devlin et al.), the same on both sides. */
    private static final float LR = 1e-4f;
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPS = 1e-6f;
    private static final float WEIGHT_DECAY = 0.01f;
    /**
     * Two float32 implementations of one model differ in summation order only, which moves a loss near ln 30522 by
     * about 1e-6 relative; a wrong weight, mask or head moves it by far more than 1e-3.
     */
    private static final double FIRST_LOSS_TOLERANCE = 1e-3;
    private static final int MASK_ID = 103;      // [MASK] in bert-base-uncased's vocab.txt; [CLS] 101, [SEP] 102
    private static final int FIRST_WORD_ID = 999;

    private BertMlmTrainingBench() {
    }

    static void main(String[] args) {
        int threads = argument(args, 0, 2);
        int batch = argument(args, 1, 8);
        int length = argument(args, 2, 128);
        int layers = argument(args, 3, 12);
        int warmup = argument(args, 4, 2);
        int reps = argument(args, 5, 5);
        BertConfig config = new BertConfig(BertConfig.Variant.BERT, layers, 12, 768, 768, 3072, 512, 30522, 2, 1e-12,
                BertConfig.Activation.GELU, 0.0, 0, false, true, 0.02);
        System.setProperty("ai.djl.offline", "true");
        Backends.setDefault(CpuBackend.create(threads));
        BertModel model = new BertModel(config, 1234);
        model.train(true);
        AdamW optimizer = new AdamW(model.parameters(), LR, BETA1, BETA2, EPS, WEIGHT_DECAY);
        int[][] inputs = new int[warmup + reps][];
        int[][] labels = new int[warmup + reps][];
        SplittableRandom random = new SplittableRandom(7);
        for (int rep = 0; rep < inputs.length; rep++) {
            inputs[rep] = new int[batch * length];
            labels[rep] = new int[batch * length];
            mask(random, length, config.vocabSize(), inputs[rep], labels[rep]);
        }
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
             NDManager weights = manager.newSubManager()) {
            JniUtils.setNumInteropThreads(1);
            JniUtils.setNumThreads(threads);
            System.out.printf(Locale.ROOT, "threads: basalt %d, torch %d (interop %d); %s; batch %d x %d tokens%n",
                    threads, JniUtils.getNumThreads(), JniUtils.getNumInteropThreads(), model.describe(), batch, length);
            TorchParameters params = new TorchParameters(weights, model.namedParameters());
            TorchBert torch = new TorchBert(weights, params.byName(), "bert", layers, config.heads(),
                    (float) config.normEps(), config.padTokenId());
            TrainingStepRace.Result result = TrainingStepRace.run(warmup, reps,
                    rep -> TrainingStepRace.basaltStep(model, optimizer,
                            new TokenBatch(batch, length, inputs[rep], labels[rep])),
                    rep -> TrainingStepRace.torchStep(manager, params,
                            scope -> torch.mlmLogits(torch.hidden(scope, rows(inputs[rep], length), null)), labels[rep],
                            () -> params.adamWStep(optimizer.steps(), LR, BETA1, BETA2, EPS, WEIGHT_DECAY)));
            checkFirstLosses(result);
            System.out.println();
            System.out.println(TrainingStepRace.HEADER);
            System.out.println(result.row(String.format(Locale.ROOT, "BERT MLM (L%d H12 D768 F3072 V30522 T%d B%d)",
                    layers, length, batch)));
            // DJL's AdamW is torch's unfused single-tensor update, so forward + backward is the fairer whole
            System.out.printf(Locale.ROOT, "basalt/torch (medians): step %.2f, forward with loss %.2f, backward %.2f,"
                            + " forward + backward %.2f, AdamW %.2f%n",
                    ratio(result, TrainingStepRace.Step::ms), ratio(result, TrainingStepRace.Step::forwardMs),
                    ratio(result, TrainingStepRace.Step::backwardMs), ratio(result, s -> s.forwardMs() + s.backwardMs()),
                    ratio(result, TrainingStepRace.Step::updateMs));
        }
    }

    private static double ratio(TrainingStepRace.Result result, ToDoubleFunction<TrainingStepRace.Step> column) {
        return result.median(result.basalt(), column) / result.median(result.torch(), column);
    }

    private static void checkFirstLosses(TrainingStepRace.Result result) {
        double ours = result.basalt().getFirst().loss();
        double theirs = result.torch().getFirst().loss();
        double relative = Math.abs(ours - theirs) / Math.abs(theirs);
        System.out.printf(Locale.ROOT, "first loss: basalt %.6f, torch %.6f, relative difference %.2g (tolerance %.0g;"
                + " ln V = %.5f)%n", ours, theirs, relative, FIRST_LOSS_TOLERANCE, Math.log(30522));
        if (!(relative <= FIRST_LOSS_TOLERANCE)) {
            throw new IllegalStateException("the first losses differ by " + relative + " relative, more than "
                    + FIRST_LOSS_TOLERANCE + ": the two sides do not train the same model, so their times say nothing");
        }
    }

    /**
     * Random word ids framed by [CLS] and [SEP] in each row of {@code length}; ~15% of the words become [MASK] with
     * their id as the label, every other label is {@link TokenBatch#IGNORE}. At least one position per batch is masked.
     */
    private static void mask(SplittableRandom random, int length, int vocab, int[] inputs, int[] labels) {
        boolean any = false;
        for (int i = 0; i < inputs.length; i++) {
            int position = i % length;
            boolean frame = position == 0 || position == length - 1;
            inputs[i] = position == 0 ? 101 : position == length - 1 ? 102 : random.nextInt(FIRST_WORD_ID, vocab);
            labels[i] = TokenBatch.IGNORE;
            if (!frame && (random.nextDouble() < 0.15 || (!any && i == inputs.length - 2))) {
                labels[i] = inputs[i];
                inputs[i] = MASK_ID;
                any = true;
            }
        }
    }

    private static int[][] rows(int[] ids, int length) {
        int[][] rows = new int[ids.length / length][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = Arrays.copyOfRange(ids, r * length, (r + 1) * length);
        }
        return rows;
    }

    private static int argument(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }
}
