package org.linrepro.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.linrepro.claim.Claim;
import org.linrepro.claim.ClaimCatalog;
import org.linrepro.claim.Tier;
import org.linrepro.cluster.ArrayJob;
import org.linrepro.cluster.KubernetesIndexedJob;
import org.linrepro.cluster.SlurmArray;
import org.linrepro.util.AtomicFiles;
import org.linrepro.util.LinreproException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Run claims as a sharded cluster job: one task per shard (reproduce --shard I/N), results "
                + "and checkpoints on a shared folder so requeued tasks resume, then a merge-and-report step.",
            "slurm: writes an sbatch job array and a dependent merge job (--dependency=afterany) and submits them "
                    + "with sbatch. k8s: writes a Kubernetes Indexed Job manifest and its merge Job.",
            "--dry-run prints what would be written and submitted."})
final class SubmitCommand implements Callable<Integer> {
    @Parameters(paramLabel = "CLAIM_ID", arity = "0..*", description = "claims to run (default: the tiers)")
    List<String> ids = new ArrayList<>();

    @Option(names = "--engine", paramLabel = "ENGINE", required = true, description = "slurm or k8s")
    String engine;

    @Option(names = "--tier", paramLabel = "TIER", split = ",", description = "tiers (default: paper)")
    List<String> tiers;

    @Option(names = "--paper", paramLabel = "ARXIV_ID", description = "only this paper's claims")
    String paper;

    @Option(names = "--seed", paramLabel = "N", description = "master seed for every claim")
    Long seed;

    @Option(names = "--shards", paramLabel = "N", defaultValue = "4", description = "tasks (default: ${DEFAULT-VALUE})")
    int shards;

    @Option(names = "--partition", paramLabel = "P", description = "Slurm partition")
    String partition;

    @Option(names = "--gpus-per-task", paramLabel = "G", defaultValue = "0",
            description = "GPUs per task; > 0 runs the claims with --device gpu (default: ${DEFAULT-VALUE})")
    int gpus;

    @Option(names = "--cpus-per-task", paramLabel = "C", defaultValue = "4",
            description = "CPUs per task, also LINREPRO_THREADS (default: ${DEFAULT-VALUE})")
    int cpus;

    @Option(names = "--mem", paramLabel = "SIZE", description = "memory per task, e.g. 32G")
    String memory;

    @Option(names = "--time", paramLabel = "T", defaultValue = "2-00:00:00",
            description = "time limit per task, Slurm syntax (default: ${DEFAULT-VALUE})")
    String time;

    @Option(names = "--shared", paramLabel = "DIR", defaultValue = "cluster-run",
            description = "folder all tasks share: results, cache, shard reports, logs, reports (default: ${DEFAULT-VALUE})")
    Path shared;

    @Option(names = "--plan", paramLabel = "FILE", description = "balance shards by this plan (linrepro plan --out)")
    Path plan;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "linrepro", description = "job name")
    String name;

    @Option(names = "--image", paramLabel = "IMAGE", defaultValue = "linrepro:latest",
            description = "k8s: container image with the built project at --workdir (default: ${DEFAULT-VALUE})")
    String image;

    @Option(names = "--workdir", paramLabel = "DIR", defaultValue = "/opt/linrepro",
            description = "k8s: the project folder inside the image (default: ${DEFAULT-VALUE})")
    String workdir;

    @Option(names = "--pvc", paramLabel = "NAME", defaultValue = "linrepro-shared",
            description = "k8s: PersistentVolumeClaim mounted at /shared, holding data/ (default: ${DEFAULT-VALUE})")
    String pvc;

    @Option(names = "--dry-run", description = "print the scripts or manifests; write and submit nothing")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        if (!engine.equals("slurm") && !engine.equals("k8s")) {
            throw new LinreproException("--engine must be slurm or k8s, got '" + engine + "'");
        }
        ClaimCatalog catalog = ClaimCatalog.load();
        List<Claim> claims = Selection.select(catalog, ids, paper, Selection.tiers(tiers, EnumSet.of(Tier.PAPER)));
        if (claims.isEmpty()) {
            throw new LinreproException("no claims match (./linrepro list shows them)");
        }
        Path sharedAbs = shared.toAbsolutePath().normalize();
        ArrayJob job = new ArrayJob(name, shards, selection(), sharedAbs, projectDir(), System.getenv("LINREPRO_DATA"),
                cpus, gpus, time, partition, memory);
        System.out.println(claims.size() + " claim(s) in " + shards + " shard(s); shared folder " + sharedAbs);
        return engine.equals("slurm") ? slurm(job) : k8s(job);
    }

    /** reproduce's selection arguments, passed through to every shard unchanged. */
    private List<String> selection() {
        List<String> a = new ArrayList<>(ids);
        a.addAll(List.of("--tier", tiers == null || tiers.isEmpty() ? "paper" : String.join(",", tiers)));
        if (paper != null) {
            a.addAll(List.of("--paper", paper));
        }
        if (seed != null) {
            a.addAll(List.of("--seed", seed.toString()));
        }
        if (plan != null) {
            a.addAll(List.of("--plan", plan.toAbsolutePath().toString()));
        }
        if (gpus > 0) {
            a.addAll(List.of("--device", "gpu"));
        }
        return a;
    }

    private int slurm(ArrayJob job) throws IOException, InterruptedException {
        Path dir = job.shared().resolve("submit");
        Path array = dir.resolve(job.name() + "-array.sbatch");
        Path merge = dir.resolve(job.name() + "-merge.sbatch");
        String a = SlurmArray.arrayScript(job);
        String m = SlurmArray.mergeScript(job);
        if (dryRun) {
            System.out.println("# " + array + "\n" + a + "\n# " + merge + "\n" + m);
            System.out.println("# would run:\n" + String.join("\n", SlurmArray.submitCommands(array.toString(),
                    merge.toString())));
            return 0;
        }
        Files.createDirectories(job.shared().resolve("logs"));
        AtomicFiles.write(array, a);
        AtomicFiles.write(merge, m);
        String arrayId = sbatch(List.of("sbatch", "--parsable", array.toString()));
        String mergeId = sbatch(List.of("sbatch", "--parsable", "--dependency=afterany:" + arrayId, merge.toString()));
        System.out.println("submitted array job " + arrayId + " (" + job.shards() + " tasks) and merge job " + mergeId);
        System.out.println("logs: " + job.shared().resolve("logs") + "; report when done: "
                + job.shared().resolve("reports").resolve("index.html"));
        return 0;
    }

    /** Runs sbatch --parsable and returns the job id ("id" or "id;cluster"). */
    private static String sbatch(List<String> cmd) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new LinreproException("cannot run sbatch (" + e.getMessage() + "); is Slurm installed here? "
                    + "--dry-run prints the scripts");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new LinreproException("sbatch failed: " + out);
        }
        String last = out.lines().reduce((x, y) -> y).orElse("");
        String id = last.split(";")[0].trim();
        if (!id.matches("\\d+")) {
            throw new LinreproException("sbatch gave no job id: " + out);
        }
        return id;
    }

    private int k8s(ArrayJob job) throws IOException {
        Path dir = job.shared().resolve("submit");
        Path shardsFile = dir.resolve(job.name() + "-job.yaml");
        Path mergeFile = dir.resolve(job.name() + "-merge-job.yaml");
        String s = KubernetesIndexedJob.shardsManifest(job, image, workdir, pvc);
        String m = KubernetesIndexedJob.mergeManifest(job, image, workdir, pvc);
        String how = "kubectl apply -f " + shardsFile + "\n"
                + "kubectl wait --for=jsonpath='{.status.active}'=0 --timeout=-1s job/" + job.name() + "\n"
                + "kubectl apply -f " + mergeFile;
        if (dryRun) {
            System.out.println("# " + shardsFile + "\n" + s + "\n# " + mergeFile + "\n" + m + "\n# then:\n" + how);
            return 0;
        }
        AtomicFiles.write(shardsFile, s);
        AtomicFiles.write(mergeFile, m);
        System.out.println("wrote " + shardsFile + " and " + mergeFile + "; the PVC '" + pvc + "' must hold the data "
                + "under data/. Run:\n" + how);
        return 0;
    }

    /** The project folder (the launcher sets linrepro.home), else the working directory. */
    private static Path projectDir() {
        String home = System.getProperty("linrepro.home");
        return Path.of(home != null ? home : ".").toAbsolutePath().normalize();
    }
}
