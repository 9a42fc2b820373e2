package dev.basalt.tokenizers;

import dev.basalt.api.tokenizer.Encoding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The post-processors of the tokenizer.json format. */
final class PostProcessors {
    private PostProcessors() {
    }

    static PostProcessor fromJson(Map<String, Object> json, JsonReader r) {
        String type = r.string(json, "type");
        return switch (type) {
            case "TemplateProcessing" -> Template.fromJson(json, r);
            case "BertProcessing" -> {
                List<Object> sep = r.list(json, "sep");
                List<Object> cls = r.list(json, "cls");
                yield Template.bert((String) cls.get(0), ((Number) cls.get(1)).intValue(),
                        (String) sep.get(0), ((Number) sep.get(1)).intValue());
            }
            case "RobertaProcessing" -> {
                List<Object> sep = r.list(json, "sep");
                List<Object> cls = r.list(json, "cls");
                yield Template.roberta((String) cls.get(0), ((Number) cls.get(1)).intValue(),
                        (String) sep.get(0), ((Number) sep.get(1)).intValue(), r.bool(json, "trim_offsets", true));
            }
            case "ByteLevel" -> new ByteLevelOffsets(r.bool(json, "trim_offsets", true), json);
            case "Sequence" -> {
                List<PostProcessor> steps = new ArrayList<>();
                for (Map<String, Object> step : r.mapList(json, "processors")) {
                    steps.add(fromJson(step, r));
                }
                yield new Sequence(steps);
            }
            default -> throw r.error("post_processor type '" + type + "' is not supported (supported: "
                    + "TemplateProcessing, BertProcessing, RobertaProcessing, ByteLevel, Sequence)");
        };
    }

    static Encoding withType(Encoding e, int typeId) {
        int[] types = new int[e.length()];
        java.util.Arrays.fill(types, typeId);
        return new Encoding(e.ids(), e.tokens(), types, e.starts(), e.ends(), e.attentionMask(), e.specialTokensMask());
    }

    /** One special token of a template. */
    record Special(String name, int[] ids, String[] tokens) {
    }

    /**
     * A template such as {@code [CLS] $A [SEP] $B:1 [SEP]:1}: each item is a special token or a sequence, with
     * the type id its tokens get.
     */
    record Template(List<Object[]> single, List<Object[]> pair, Map<String, Special> specials, Map<String, Object> json)
            implements PostProcessor {

        static Template fromJson(Map<String, Object> json, JsonReader r) {
            Map<String, Special> specials = new LinkedHashMap<>();
            Map<String, Object> specialJson = r.map(json, "special_tokens");
            for (var e : specialJson.entrySet()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> s = (Map<String, Object>) e.getValue();
                List<Object> ids = r.list(s, "ids");
                List<Object> tokens = r.list(s, "tokens");
                int[] idArray = new int[ids.size()];
                for (int i = 0; i < idArray.length; i++) {
                    idArray[i] = ((Number) ids.get(i)).intValue();
                }
                specials.put(e.getKey(), new Special(e.getKey(), idArray, tokens.toArray(new String[0])));
            }
            return new Template(items(r.mapList(json, "single"), specials, r), items(r.mapList(json, "pair"), specials, r),
                    specials, json);
        }

        @SuppressWarnings("unchecked")
        private static List<Object[]> items(List<Map<String, Object>> list, Map<String, Special> specials, JsonReader r) {
            List<Object[]> items = new ArrayList<>();
            for (Map<String, Object> item : list) {
                if (item.get("SpecialToken") instanceof Map<?, ?> s) {
                    String id = r.string((Map<String, Object>) s, "id");
                    if (!specials.containsKey(id)) {
                        throw r.error("the template names the special token '" + id + "' but special_tokens does not define it");
                    }
                    items.add(new Object[] {id, (int) r.integer((Map<String, Object>) s, "type_id", 0), Boolean.TRUE});
                } else if (item.get("Sequence") instanceof Map<?, ?> s) {
                    items.add(new Object[] {r.string((Map<String, Object>) s, "id"),
                            (int) r.integer((Map<String, Object>) s, "type_id", 0), Boolean.FALSE});
                } else {
                    throw r.error("a template item must be {\"SpecialToken\": ...} or {\"Sequence\": ...}");
                }
            }
            return items;
        }

        static Template bert(String cls, int clsId, String sep, int sepId) {
            return simple("[CLS]", cls, clsId, "[SEP]", sep, sepId, false);
        }

        static Template roberta(String cls, int clsId, String sep, int sepId, boolean trimOffsets) {
            return simple("<s>", cls, clsId, "</s>", sep, sepId, true);
        }

        private static Template simple(String clsName, String cls, int clsId, String sepName, String sep, int sepId,
                                       boolean doubleSep) {
            Map<String, Special> specials = new LinkedHashMap<>();
            specials.put(cls, new Special(cls, new int[] {clsId}, new String[] {cls}));
            specials.put(sep, new Special(sep, new int[] {sepId}, new String[] {sep}));
            List<Object[]> single = List.of(new Object[] {cls, 0, true}, new Object[] {"A", 0, false}, new Object[] {sep, 0, true});
            List<Object[]> pair = new ArrayList<>(single);
            if (doubleSep) {
                pair.add(new Object[] {sep, 0, true});
                pair.add(new Object[] {"B", 0, false});
                pair.add(new Object[] {sep, 0, true});
            } else {
                pair.add(new Object[] {"B", 1, false});
                pair.add(new Object[] {sep, 1, true});
            }
            Template t = new Template(single, pair, specials, null);
            return new Template(single, pair, specials, t.templateJson());
        }

        /** The template for one text whose special tokens are {@code bos} and {@code eos} (either may be null). */
        static Template bosEos(String bos, int bosId, String eos, int eosId) {
            Map<String, Special> specials = new LinkedHashMap<>();
            List<Object[]> single = new ArrayList<>();
            List<Object[]> pair = new ArrayList<>();
            if (bos != null) {
                specials.put(bos, new Special(bos, new int[] {bosId}, new String[] {bos}));
                single.add(new Object[] {bos, 0, true});
                pair.add(new Object[] {bos, 0, true});
            }
            single.add(new Object[] {"A", 0, false});
            pair.add(new Object[] {"A", 0, false});
            if (eos != null) {
                specials.put(eos, new Special(eos, new int[] {eosId}, new String[] {eos}));
                single.add(new Object[] {eos, 0, true});
                pair.add(new Object[] {eos, 0, true});
            }
            pair.add(new Object[] {"B", 1, false});
            if (eos != null) {
                pair.add(new Object[] {eos, 1, true});
            }
            Template t = new Template(single, pair, specials, null);
            return new Template(single, pair, specials, t.templateJson());
        }

        private Map<String, Object> templateJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "TemplateProcessing");
            m.put("single", itemsJson(single));
            m.put("pair", itemsJson(pair));
            Map<String, Object> sp = new LinkedHashMap<>();
            for (Special s : specials.values()) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("id", s.name());
                List<Object> ids = new ArrayList<>();
                for (int id : s.ids()) {
                    ids.add((long) id);
                }
                one.put("ids", ids);
                one.put("tokens", List.of(s.tokens()));
                sp.put(s.name(), one);
            }
            m.put("special_tokens", sp);
            return m;
        }

        private static List<Object> itemsJson(List<Object[]> items) {
            List<Object> list = new ArrayList<>();
            for (Object[] item : items) {
                Map<String, Object> inner = new LinkedHashMap<>();
                inner.put("id", item[0]);
                inner.put("type_id", (long) (int) item[1]);
                list.add(Map.of((Boolean) item[2] ? "SpecialToken" : "Sequence", inner));
            }
            return list;
        }

        @Override
        public Encoding process(Encoding first, Encoding second, boolean addSpecialTokens) {
            if (!addSpecialTokens) {
                return second == null ? first : first.concat(withType(second, 1));
            }
            Encoding out = null;
            for (Object[] item : second == null ? single : pair) {
                Encoding part;
                int typeId = (int) item[1];
                if ((Boolean) item[2]) {
                    Special s = specials.get((String) item[0]);
                    int n = s.ids().length;
                    int[] ones = new int[n];
                    java.util.Arrays.fill(ones, 1);
                    int[] types = new int[n];
                    java.util.Arrays.fill(types, typeId);
                    part = new Encoding(s.ids(), s.tokens(), types, new int[n], new int[n], ones, ones.clone());
                } else {
                    part = withType("A".equals(item[0]) ? first : second, typeId);
                }
                out = out == null ? part : out.concat(part);
            }
            return out;
        }

        @Override
        public int addedTokens(boolean isPair) {
            int n = 0;
            for (Object[] item : isPair ? pair : single) {
                if ((Boolean) item[2]) {
                    n += specials.get((String) item[0]).ids().length;
                }
            }
            return n;
        }

        @Override
        public Map<String, Object> toJson() {
            return json != null ? json : templateJson();
        }
    }

    /** GPT-2's post-processor: only moves offsets off the spaces a token starts with. */
    record ByteLevelOffsets(boolean trimOffsets, Map<String, Object> json) implements PostProcessor {
        @Override
        public Encoding process(Encoding first, Encoding second, boolean addSpecialTokens) {
            Encoding out = second == null ? trim(first) : trim(first).concat(withType(trim(second), 1));
            return out;
        }

        private Encoding trim(Encoding e) {
            if (!trimOffsets) {
                return e;
            }
            int[] starts = e.starts().clone();
            int[] ends = e.ends().clone();
            for (int i = 0; i < e.length(); i++) {
                String t = e.tokens()[i];
                int lead = 0;
                while (lead < t.length() && t.charAt(lead) == 'Ġ') {
                    lead++;
                }
                int trail = 0;
                while (trail < t.length() - lead && t.charAt(t.length() - 1 - trail) == 'Ġ') {
                    trail++;
                }
                if (lead < t.length()) {
                    starts[i] = Math.min(ends[i], starts[i] + lead);
                    ends[i] = Math.max(starts[i], ends[i] - trail);
                }
            }
            return new Encoding(e.ids(), e.tokens(), e.typeIds(), starts, ends, e.attentionMask(), e.specialTokensMask());
        }

        @Override
        public int addedTokens(boolean pair) {
            return 0;
        }

        @Override
        public Map<String, Object> toJson() {
            if (json != null) {
                return json;
            }
            Map<String, Object> m = Normalizers.typed("ByteLevel");
            m.put("add_prefix_space", true);
            m.put("trim_offsets", trimOffsets);
            m.put("use_regex", true);
            return m;
        }
    }

    record Sequence(List<PostProcessor> steps) implements PostProcessor {
        @Override
        public Encoding process(Encoding first, Encoding second, boolean addSpecialTokens) {
            Encoding a = first;
            Encoding b = second;
            for (PostProcessor step : steps) {
                a = step.process(a, b, addSpecialTokens);
                b = null;
            }
            return a;
        }

        @Override
        public int addedTokens(boolean pair) {
            return steps.stream().mapToInt(s -> s.addedTokens(pair)).sum();
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = Normalizers.typed("Sequence");
            List<Object> list = new ArrayList<>();
            steps.forEach(s -> list.add(s.toJson()));
            m.put("processors", list);
            return m;
        }
    }
}
