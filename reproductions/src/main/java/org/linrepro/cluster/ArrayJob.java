package org.linrepro.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.linrepro.util.LinreproException;

/**
 * One sharded reproduce run as a cluster job, whatever the engine: {@code shards} tasks, task I running
 * {@code linrepro reproduce SELECTION --shard I/N --reports SHARED/shards/I} with the result store and the cache
 * (checkpoints) on the shared folder, so a requeued task reuses what finished and resumes training; then one merge
 * step joining the shards' ledgers into {@code SHARED/reports} and building the report.
 *
 * @param selection reproduce's arguments that choose the claims (ids, --tier, --paper, --seed, --plan, --device)
 * @param shared    a folder every task can read and write (results, cache, shard reports, logs, final report)
 * @param project   the linrepro folder (holding the launcher) as the tasks see it
 * @param data      LINREPRO_DATA for the tasks (null: theirs)
 * @param memory    memory per task, e.g. 16G (null: the engine's default)
 */
public record ArrayJob(String name, int shards, List<String> selection, Path shared, Path project, String data,
        int cpusPerTask, int gpusPerTask, String time, String partition, String memory) {

    public ArrayJob {
        if (shards < 1) {
            throw new LinreproException("--shards must be at least 1, got " + shards);
        }
        if (cpusPerTask < 1 || gpusPerTask < 0) {
            throw new LinreproException("--cpus-per-task must be >= 1 and --gpus-per-task >= 0");
        }
        if (!name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            throw new LinreproException("--name must be lower-case letters, digits and '-', got '" + name + "'");
        }
        selection = List.copyOf(selection);
    }

    /** The reproduce command of shard {@code index} ({@code index} is a shell expression such as $SLURM_ARRAY_TASK_ID). */
    public List<String> shardCommand(String index, Path sharedAs) {
        List<String> cmd = new ArrayList<>(List.of("./linrepro", "reproduce"));
        cmd.addAll(selection);
        cmd.addAll(List.of("--shard", index + "/" + shards, "--reports", sharedAs.resolve("shards") + "/" + index));
        return cmd;
    }

    /** Environment of every task: the result store and cache on the shared folder, threads = CPUs per task. */
    public List<String[]> environment(Path sharedAs, String dataAs) {
        List<String[]> env = new ArrayList<>();
        env.add(new String[] {"LINREPRO_RESULTS", sharedAs.resolve("results").toString()});
        env.add(new String[] {"LINREPRO_CACHE", sharedAs.resolve("cache").toString()});
        env.add(new String[] {"LINREPRO_THREADS", String.valueOf(cpusPerTask)});
        if (dataAs != null) {
            env.add(new String[] {"LINREPRO_DATA", dataAs});
        }
        env.add(new String[] {"OPT_OUT_TRACKING", "true"});
        return env;
    }

    /** The merge step: every shard's ledger into one, then the report. */
    public String mergeScript(Path sharedAs) {
        String q = Shell.quote(sharedAs.toString());
        return "shopt -s nullglob\n"
                + "ledgers=(" + q + "/shards/*/ledger.jsonl)\n"
                + "if (( ${#ledgers[@]} == 0 )); then echo \"no shard wrote a ledger under \"" + q
                + "\"/shards\" >&2; exit 2; fi\n"
                + "./linrepro ledger merge \"${ledgers[@]}\" --out " + q + "/reports/ledger.jsonl\n"
                + "./linrepro report --reports " + q + "/reports\n";
    }
}
