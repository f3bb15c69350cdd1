package org.linrepro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** linrepro submit: the sbatch array and the Kubernetes Indexed Job follow the shard contract. */
class SubmitCommandTest {

    @Test
    void slurmDryRunPrintsArrayAndDependentMerge(@TempDir Path dir) {
        MainTest.Run r = MainTest.run("submit", "--engine", "slurm", "--tier", "unit",
                "--shards", "3", "--cpus-per-task", "1", "--partition", "main", "--time", "00:10:00",
                "--shared", dir.toString(), "--dry-run");
        assertEquals(0, r.code(), r.out() + r.err());
        String out = r.out();
        for (String line : new String[] {"#SBATCH --array=0-2", "#SBATCH --requeue", "#SBATCH --cpus-per-task=1",
            "#SBATCH --partition=main", "#SBATCH --time=00:10:00", "export LINREPRO_RESULTS=" + dir + "/results",
            "export LINREPRO_CACHE=" + dir + "/cache", "export LINREPRO_THREADS=1",
            "./linrepro reproduce --tier unit --shard \"${SLURM_ARRAY_TASK_ID}/3\" --reports \"" + dir
                    + "/shards/${SLURM_ARRAY_TASK_ID}\"",
            "./linrepro ledger merge \"${ledgers[@]}\" --out " + dir + "/reports/ledger.jsonl",
            "./linrepro report --reports " + dir + "/reports",
            "sbatch --parsable --dependency=afterany:JOBID "}) {
            assertTrue(out.contains(line), "missing: " + line + "\n" + out);
        }
        assertTrue(!out.contains("--gpus-per-task"), "no GPUs asked for");
        assertTrue(!Files.exists(dir.resolve("submit")), "a dry run writes nothing");
    }

    @Test
    void kubernetesManifestReadsBackIntoTheTypedJobModel(@TempDir Path dir) throws Exception {
        MainTest.Run r = MainTest.run("submit", "--engine", "k8s", "--shards", "5",
                "--gpus-per-task", "1", "--cpus-per-task", "8", "--mem", "32G", "--image", "registry/linrepro:1",
                "--shared", dir.toString(), "lra-paper-image-linear", "lra-paper-pathfinder-linear");
        assertEquals(0, r.code(), r.out() + r.err());
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true); // every field a real Job field
        Job job = yaml.readValue(dir.resolve("submit/linrepro-job.yaml").toFile(), Job.class);
        assertEquals("batch/v1", job.getApiVersion());
        assertEquals("Job", job.getKind());
        assertEquals("Indexed", job.getSpec().getCompletionMode());
        assertEquals(5, job.getSpec().getCompletions());
        assertEquals(5, job.getSpec().getParallelism());
        Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("registry/linrepro:1", c.getImage());
        assertEquals(new Quantity("8"), c.getResources().getRequests().get("cpu"));
        assertEquals(new Quantity("32Gi"), c.getResources().getLimits().get("memory"));
        assertEquals(new Quantity("1"), c.getResources().getLimits().get("nvidia.com/gpu"));
        Map<String, String> env = c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        assertEquals("/shared/results", env.get("LINREPRO_RESULTS"));
        assertEquals("/shared/cache", env.get("LINREPRO_CACHE"));
        assertEquals("8", env.get("LINREPRO_THREADS"));
        String script = c.getArgs().get(0);
        assertTrue(script.contains("./linrepro reproduce lra-paper-image-linear lra-paper-pathfinder-linear --tier "
                + "paper --device gpu --shard \"${JOB_COMPLETION_INDEX}/5\" --reports \"/shared/shards/"
                + "${JOB_COMPLETION_INDEX}\""), script);
        assertEquals("shared", c.getVolumeMounts().get(0).getName());
        assertEquals("/shared", c.getVolumeMounts().get(0).getMountPath());
        assertEquals("linrepro-shared", job.getSpec().getTemplate().getSpec().getVolumes().get(0)
                .getPersistentVolumeClaim().getClaimName());

        Job merge = yaml.readValue(dir.resolve("submit/linrepro-merge-job.yaml").toFile(), Job.class);
        assertEquals("linrepro-merge", merge.getMetadata().getName());
        assertTrue(merge.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs().get(0)
                .contains("./linrepro ledger merge"));
    }

    @Test
    void badEngineIsAUsageError() {
        MainTest.Run r = MainTest.run("submit", "--engine", "pbs", "--dry-run");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--engine must be slurm or k8s"), r.err());
    }
}
