package org.linrepro.cluster;

import java.util.List;

/**
 * An {@link ArrayJob} as two sbatch scripts: a job array (one task per shard, {@code --requeue}, output per task)
 * and a merge-and-report job that the submitter makes depend on the array with {@code --dependency=afterany}, so the
 * report is built even when some shard failed (its claims then show as missing or failed in the report).
 */
public final class SlurmArray {
    private SlurmArray() {}

    public static String arrayScript(ArrayJob job) {
        StringBuilder b = new StringBuilder("#!/usr/bin/env bash\n");
        b.append("# linrepro: ").append(job.shards()).append(" shards of: linrepro reproduce ")
                .append(Shell.command(job.selection())).append('\n');
        b.append("#SBATCH --job-name=").append(job.name()).append('\n');
        b.append("#SBATCH --array=0-").append(job.shards() - 1).append('\n');
        b.append("#SBATCH --requeue\n");
        b.append("#SBATCH --open-mode=append\n"); // a requeued task adds to its log
        b.append("#SBATCH --ntasks=1\n");
        b.append("#SBATCH --cpus-per-task=").append(job.cpusPerTask()).append('\n');
        if (job.gpusPerTask() > 0) {
            b.append("#SBATCH --gpus-per-task=").append(job.gpusPerTask()).append('\n');
        }
        if (job.memory() != null) {
            b.append("#SBATCH --mem=").append(job.memory()).append('\n');
        }
        if (job.partition() != null) {
            b.append("#SBATCH --partition=").append(job.partition()).append('\n');
        }
        b.append("#SBATCH --time=").append(job.time()).append('\n');
        b.append("#SBATCH --output=").append(job.shared().resolve("logs")).append("/%x-%A-%a.out\n");
        b.append("set -euo pipefail\n");
        environment(b, job);
        b.append("cd ").append(Shell.quote(job.project().toString())).append('\n');
        b.append("echo \"linrepro shard ${SLURM_ARRAY_TASK_ID}/").append(job.shards())
                .append(" on $(hostname), restart ${SLURM_RESTART_COUNT:-0}\"\n");
        // Exit 1 (a verdict failed) is a result, not a broken task: Slurm would otherwise count it as a failure.
        b.append(Shell.command(job.shardCommand("${SLURM_ARRAY_TASK_ID}", job.shared())))
                .append(" || { rc=$?; [[ $rc == 1 ]] || exit $rc; }\n");
        return b.toString();
    }

    public static String mergeScript(ArrayJob job) {
        StringBuilder b = new StringBuilder("#!/usr/bin/env bash\n");
        b.append("# linrepro: merge the shards' ledgers of job ").append(job.name()).append(" and build the report\n");
        b.append("#SBATCH --job-name=").append(job.name()).append("-merge\n");
        b.append("#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=1\n");
        if (job.partition() != null) {
            b.append("#SBATCH --partition=").append(job.partition()).append('\n');
        }
        b.append("#SBATCH --time=00:30:00\n");
        b.append("#SBATCH --output=").append(job.shared().resolve("logs")).append("/%x-%j.out\n");
        b.append("set -euo pipefail\n");
        environment(b, job);
        b.append("cd ").append(Shell.quote(job.project().toString())).append('\n');
        b.append(job.mergeScript(job.shared()));
        return b.toString();
    }

    private static void environment(StringBuilder b, ArrayJob job) {
        for (String[] kv : job.environment(job.shared(), job.data())) {
            b.append("export ").append(kv[0]).append('=').append(Shell.quote(kv[1])).append('\n');
        }
    }

    /** The sbatch calls: the array, then the merge after it (JOBID is the array's id from --parsable). */
    public static List<String> submitCommands(String arrayScript, String mergeScript) {
        return List.of("sbatch --parsable " + arrayScript,
                "sbatch --parsable --dependency=afterany:JOBID " + mergeScript);
    }
}
