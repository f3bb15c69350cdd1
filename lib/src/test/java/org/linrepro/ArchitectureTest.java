package org.linrepro;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The import rules of docs/ARCHITECTURE.md, checked on the library's compiled classes: each package imports only the
 * linrepro packages listed for it here (third-party packages are not restricted), and no two packages import each
 * other, directly or through others. A new package or a new import between packages is a design decision: write
 * it into docs/ARCHITECTURE.md and this table together.
 */
@AnalyzeClasses(packages = "org.linrepro", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /**
     * Package (without {@code org.linrepro.}; {@code x..} means x and its sub-packages) → the linrepro packages it may
     * import besides itself. Ordered from the bottom (imports nothing) to the top.
     */
    static final Map<String, List<String>> MAY_IMPORT = new LinkedHashMap<>();

    static {
        MAY_IMPORT.put("util", List.of());
        MAY_IMPORT.put("run", List.of("util"));
        MAY_IMPORT.put("io", List.of("util"));
        MAY_IMPORT.put("linalg", List.of());
        MAY_IMPORT.put("theory", List.of("linalg", "util"));
        MAY_IMPORT.put("eval", List.of("util"));
        MAY_IMPORT.put("data..", List.of("data..", "eval", "linalg", "theory", "util"));
        // models and their ops: never training, claims or benchmarks
        MAY_IMPORT.put("nn", List.of());
        MAY_IMPORT.put("nn.ops", List.of("util"));
        // the mixers (S4 and S4D among them) use the state-space kernels; nn.ssm knows no mixer
        MAY_IMPORT.put("nn.mixer", List.of("nn.ops", "nn.ssm", "util"));
        MAY_IMPORT.put("nn.ssm", List.of("nn.ops", "linalg", "util"));
        // the shared transformer-block parts (parameter set, norm, FFN, residual block) of the models below
        MAY_IMPORT.put("nn.block", List.of("nn.mixer", "nn.ops"));
        MAY_IMPORT.put("nn.adapters", List.of("nn.ops", "linalg", "util"));
        MAY_IMPORT.put("nn.bert", List.of("nn.adapters", "nn.block", "nn.ops", "io", "util"));
        MAY_IMPORT.put("nn.lm", List.of("nn.block", "nn.mixer", "nn.ops", "eval", "util"));
        MAY_IMPORT.put("nn.lra", List.of("nn", "nn.block", "nn.mixer", "nn.ops", "data.lra", "util"));
        MAY_IMPORT.put("nn.tracking", List.of("nn", "nn.block", "nn.mixer", "nn.ops", "data.tracking", "util"));
        MAY_IMPORT.put("nn.icl", List.of("nn.block", "nn.ops", "data.icl", "linalg", "theory", "util"));
        // training knows models; models do not know training
        MAY_IMPORT.put("train", List.of("nn..", "run", "util"));
        // the claim engine knows no model: experiments reach it through ExperimentProvider (a service)
        MAY_IMPORT.put("claim", List.of("run", "data", "util"));
        MAY_IMPORT.put("bench", List.of("nn..", "claim", "run", "util"));
        // around the claim engine: which claims a shard runs, what a claim will cost, which verdicts are stored
        MAY_IMPORT.put("shard", List.of("claim", "util"));
        MAY_IMPORT.put("plan", List.of("claim", "data", "run", "util"));
        MAY_IMPORT.put("results", List.of("claim", "run", "util"));
    }

    @ArchTest
    static final ArchRule EACH_PACKAGE_IMPORTS_ONLY_WHAT_IT_MAY = importRules();

    @ArchTest
    static final ArchRule EVERY_PACKAGE_HAS_A_RULE = classes().that().resideInAPackage("org.linrepro..")
            .should().resideInAnyPackage(MAY_IMPORT.keySet().stream().map(ArchitectureTest::qualified)
                    .toArray(String[]::new))
            .because("a new package needs its line in ArchitectureTest.MAY_IMPORT and docs/ARCHITECTURE.md");

    @ArchTest
    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("org.linrepro.(**)").should().beFreeOfCycles();

    private static ArchRule importRules() {
        List<ArchRule> rules = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : MAY_IMPORT.entrySet()) {
            List<String> allowed = new ArrayList<>(e.getValue());
            allowed.add(e.getKey());
            DescribedPredicate<JavaClass> ours = resideInAPackage("org.linrepro..");
            DescribedPredicate<JavaClass> permitted = resideInAnyPackage(
                    allowed.stream().map(ArchitectureTest::qualified).toArray(String[]::new));
            rules.add(classes().that().resideInAPackage(qualified(e.getKey()))
                    .should().onlyDependOnClassesThat(not(ours).or(permitted))
                    .as(e.getKey() + " imports only " + (e.getValue().isEmpty() ? "itself" : e.getValue())));
        }
        return CompositeArchRule.of(rules).as("each package imports only the linrepro packages MAY_IMPORT lists");
    }

    private static String qualified(String pkg) {
        return "org.linrepro." + pkg;
    }
}
