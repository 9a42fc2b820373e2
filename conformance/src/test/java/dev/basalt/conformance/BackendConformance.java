package dev.basalt.conformance;

import dev.basalt.api.backend.Backend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import java.util.stream.Stream;

/**
 * The conformance suite every backend passes. Subclass it in the backend's tests:
 *
 * <pre>{@code
 * class MyBackendConformanceTest extends BackendConformance {
 *     @Override protected Backend backend() { return new MyBackend(); }
 * }
 * }</pre>
 *
 * Every op's forward result and gradient are compared with PyTorch (through DJL, offline) and with central finite
 * differences, over shapes with size-1 and odd dimensions, broadcasting, inner dimensions of 1000 and more, and
 * non-contiguous views. Each fused op runs twice: with the backend's kernel ({@code · kernel}) and with the engine's
 * generic fallback ({@code · fallback}, the backend wrapped by {@link FallbackBackend}). Tolerances are written next
 * to each check.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendConformance {

    private Targets targets;

    /** The backend under test; called once per test class (and once more by the determinism check). */
    protected abstract Backend backend();

    @BeforeAll
    final void createBackend() {
        targets = Targets.of(backend());
    }

    @TestFactory
    Stream<DynamicTest> elementwiseBinary() {
        return ElementwiseCases.binary(targets);
    }

    @TestFactory
    Stream<DynamicTest> elementwiseScalar() {
        return ElementwiseCases.scalar(targets);
    }

    @TestFactory
    Stream<DynamicTest> elementwiseUnary() {
        return ElementwiseCases.unary(targets);
    }

    @TestFactory
    Stream<DynamicTest> where() {
        return ElementwiseCases.where(targets);
    }

    @TestFactory
    Stream<DynamicTest> activations() {
        return ElementwiseCases.activations(targets);
    }

    @TestFactory
    Stream<DynamicTest> matmul() {
        return MatmulCases.all(targets);
    }

    @TestFactory
    Stream<DynamicTest> reductions() {
        return ReductionCases.sumsMeansMax(targets);
    }

    @TestFactory
    Stream<DynamicTest> argmax() {
        return ReductionCases.argmax(targets);
    }

    @TestFactory
    Stream<DynamicTest> softmax() {
        return ReductionCases.softmax(targets);
    }

    @TestFactory
    Stream<DynamicTest> views() {
        return ViewCases.all(targets);
    }

    @TestFactory
    Stream<DynamicTest> gather() {
        return IndexCases.gather(targets);
    }

    @TestFactory
    Stream<DynamicTest> embedding() {
        return IndexCases.embedding(targets);
    }

    @TestFactory
    Stream<DynamicTest> indexPrimitives() {
        return IndexCases.primitives(targets);
    }

    @TestFactory
    Stream<DynamicTest> layerNorm() {
        return NormCases.layerNorm(targets);
    }

    @TestFactory
    Stream<DynamicTest> rmsNorm() {
        return NormCases.rmsNorm(targets);
    }

    @TestFactory
    Stream<DynamicTest> crossEntropy() {
        return CrossEntropyCases.all(targets);
    }

    @TestFactory
    Stream<DynamicTest> attention() {
        return AttentionCases.all(targets);
    }

    @TestFactory
    Stream<DynamicTest> rotary() {
        return RotaryCases.all(targets);
    }

    @TestFactory
    Stream<DynamicTest> dropout() {
        return DropoutCases.all(targets);
    }

    @TestFactory
    Stream<DynamicTest> adamW() {
        return AdamWCases.all(targets);
    }

    @TestFactory
    Stream<DynamicTest> softmaxRange() {
        return NumericsCases.softmaxRange(targets);
    }

    @TestFactory
    Stream<DynamicTest> halfAccumulation() {
        return NumericsCases.halfAccumulation(targets);
    }

    @TestFactory
    Stream<DynamicTest> halfStorageKept() {
        return NumericsCases.halfStorageKept(targets);
    }

    @TestFactory
    Stream<DynamicTest> halfAgainstTorch() {
        return NumericsCases.halfAgainstTorch(targets);
    }

    @TestFactory
    Stream<DynamicTest> autograd() {
        return AutogradCases.all(targets, this::backend);
    }
}
