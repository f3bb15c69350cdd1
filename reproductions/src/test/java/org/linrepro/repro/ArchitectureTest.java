package org.linrepro.repro;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.List;

/**
 * The reproductions module's import rules (docs/ARCHITECTURE.md; the library's own rules are lib's ArchitectureTest):
 * each line's experiments ({@code repro.icl}, {@code repro.zoo}, ...) build on the library only, never on another
 * line, the notebooks' helpers or the CLI; the notebooks' helpers may use any line; only the CLI sees everything.
 */
@AnalyzeClasses(packages = {"org.linrepro.repro", "org.linrepro.cli"}, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** The lines: one package each, with its experiments, configs and claim files' provider. */
    static final List<String> LINES = List.of("icl", "zoo", "lra", "lm", "glue", "tracking");

    @ArchTest
    static final ArchRule LINES_ARE_INDEPENDENT = CompositeArchRule.of(LINES.stream()
            .map(line -> (ArchRule) noClasses().that().resideInAPackage(line(line))
                    .should().dependOnClassesThat().resideInAnyPackage(LINES.stream().filter(o -> !o.equals(line))
                            .map(ArchitectureTest::line).toArray(String[]::new)))
            .toList()).as("no line's experiments use another line's");

    @ArchTest
    static final ArchRule EXPERIMENTS_DO_NOT_KNOW_THEIR_FRONT_ENDS = noClasses().that()
            .resideInAnyPackage(LINES.stream().map(ArchitectureTest::line).toArray(String[]::new))
            .should().dependOnClassesThat().resideInAnyPackage("org.linrepro.repro.notebook..", "org.linrepro.cli..");

    @ArchTest
    static final ArchRule NOTEBOOK_HELPERS_DO_NOT_USE_THE_CLI = noClasses().that()
            .resideInAPackage("org.linrepro.repro.notebook..")
            .should().dependOnClassesThat().resideInAPackage("org.linrepro.cli..");

    @ArchTest
    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("org.linrepro.(**)").should().beFreeOfCycles();

    private static String line(String name) {
        return "org.linrepro.repro." + name + "..";
    }
}
