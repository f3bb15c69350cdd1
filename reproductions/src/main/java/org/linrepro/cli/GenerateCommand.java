package org.linrepro.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.linrepro.data.lra.ListOpsGenerator;
import org.linrepro.data.lra.ListOpsTsv;
import org.linrepro.data.lra.PathfinderFiles;
import org.linrepro.data.lra.PathfinderGenerator;
import org.linrepro.util.LinreproException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code data generate}: synthetic LRA tasks produced by our own generators (ListOps, Pathfinder). */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate a synthetic Long Range Arena task (ListOps, Pathfinder) deterministically from a seed.",
        subcommands = {GenerateCommand.ListOps.class, GenerateCommand.Pathfinder.class})
final class GenerateCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "listops", mixinStandardHelpOptions = true,
            description = "ListOps expressions as a TSV (header Source<TAB>Target) in the released format; defaults are "
                    + "the benchmark's (max depth 10, max args 10, 500 < length < 2000, 100,000 = 96k/2k/2k rows).")
    static final class ListOps implements Callable<Integer> {
        @Option(names = "--count", paramLabel = "N", defaultValue = "100000", description = "rows (default: ${DEFAULT-VALUE})")
        int count;

        @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--min-length", paramLabel = "A", defaultValue = "500",
                description = "keep trees longer than A tokens (default: ${DEFAULT-VALUE})")
        int minLength;

        @Option(names = "--max-length", paramLabel = "B", defaultValue = "2000",
                description = "keep trees shorter than B tokens (default: ${DEFAULT-VALUE})")
        int maxLength;

        @Option(names = "--max-depth", paramLabel = "D", defaultValue = "10", description = "(default: ${DEFAULT-VALUE})")
        int maxDepth;

        @Option(names = "--max-args", paramLabel = "K", defaultValue = "10", description = "(default: ${DEFAULT-VALUE})")
        int maxArgs;

        @Option(names = "--out", paramLabel = "FILE.tsv", required = true, description = "output TSV")
        Path out;

        @Override
        public Integer call() throws Exception {
            if (count < 1) {
                throw new LinreproException("--count must be ≥ 1, got " + count);
            }
            ListOpsGenerator.Params p = new ListOpsGenerator.Params(maxDepth, maxArgs, minLength, maxLength);
            List<ListOpsGenerator.Example> ex = new ListOpsGenerator(p, seed).generate(count);
            ListOpsTsv.write(out, ex);
            System.out.println("wrote " + count + " ListOps rows to " + out + " (seed " + seed + ", " + minLength
                    + " < length < " + maxLength + ", max depth " + maxDepth + ", max args " + maxArgs + ")");
            return 0;
        }
    }

    @Command(name = "pathfinder", mixinStandardHelpOptions = true,
            description = "Pathfinder images (DIR/images/*.png, 8-bit gray) and DIR/labels.tsv (file<TAB>label), "
                    + "balanced labels; resolution 32 = Pathfinder, 128 = Path-X.")
    static final class Pathfinder implements Callable<Integer> {
        @Option(names = "--resolution", paramLabel = "R", defaultValue = "32", description = "(default: ${DEFAULT-VALUE})")
        int resolution;

        @Option(names = "--difficulty", paramLabel = "LEVEL", defaultValue = "hard",
                description = "easy, intermediate or hard (contour length 6, 9, 14; default: ${DEFAULT-VALUE})")
        String difficulty;

        @Option(names = "--count", paramLabel = "N", defaultValue = "1000", description = "(default: ${DEFAULT-VALUE})")
        int count;

        @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "(default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--out", paramLabel = "DIR", required = true, description = "output folder")
        Path out;

        @Override
        public Integer call() throws Exception {
            if (count < 1) {
                throw new LinreproException("--count must be ≥ 1, got " + count);
            }
            PathfinderGenerator.Params p = PathfinderGenerator.Params.of(resolution,
                    PathfinderGenerator.Difficulty.parse(difficulty));
            PathfinderFiles.write(out, resolution, new PathfinderGenerator(p, seed).generate(count));
            System.out.println("wrote " + count + " Pathfinder images (" + resolution + "×" + resolution + ", "
                    + difficulty + ") to " + out + "/images and labels to " + out + "/labels.tsv");
            return 0;
        }
    }
}
