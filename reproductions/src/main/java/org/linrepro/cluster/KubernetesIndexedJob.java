package org.linrepro.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link ArrayJob} as Kubernetes Indexed Jobs (batch/v1): completionMode Indexed, one completion index per shard
 * ({@code JOB_COMPLETION_INDEX} is the shard), the shared folder a PersistentVolumeClaim mounted at {@code /shared},
 * CPU, memory and {@code nvidia.com/gpu} resources per pod; a failed pod is restarted in place ({@code OnFailure}) and
 * resumes from the result store and its checkpoints. Kubernetes has no job dependencies, so the merge is a second
 * Job to apply once the first has finished (the submitter prints the kubectl commands).
 */
public final class KubernetesIndexedJob {
    public static final String MOUNT = "/shared";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private KubernetesIndexedJob() {}

    /**
     * @param image   container image holding the built project at {@code workdir}
     * @param pvc     PersistentVolumeClaim of the shared folder
     */
    public static String shardsManifest(ArrayJob job, String image, String workdir, String pvc) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("completionMode", "Indexed");
        spec.put("completions", job.shards());
        spec.put("parallelism", job.shards());
        spec.put("backoffLimit", 3 * job.shards()); // restarts of all indices together
        spec.put("template", pod(job, image, workdir, pvc,
                Shell.command(job.shardCommand("${JOB_COMPLETION_INDEX}", Path.of(MOUNT)))
                        + " || { rc=$?; [ $rc -eq 1 ] || exit $rc; }", true));
        return yaml(jobDoc(job.name(), spec));
    }

    public static String mergeManifest(ArrayJob job, String image, String workdir, String pvc) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("backoffLimit", 2);
        spec.put("template", pod(job, image, workdir, pvc, job.mergeScript(Path.of(MOUNT)), false));
        return yaml(jobDoc(job.name() + "-merge", spec));
    }

    private static Map<String, Object> jobDoc(String name, Map<String, Object> spec) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("apiVersion", "batch/v1");
        doc.put("kind", "Job");
        doc.put("metadata", Map.of("name", name, "labels", Map.of("app.kubernetes.io/name", "linrepro")));
        doc.put("spec", spec);
        return doc;
    }

    private static Map<String, Object> pod(ArrayJob job, String image, String workdir, String pvc, String script, boolean shardResources) {
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", "linrepro");
        container.put("image", image);
        container.put("workingDir", workdir);
        container.put("command", List.of("/bin/bash", "-c"));
        container.put("args", List.of("set -euo pipefail\n" + script));
        List<Map<String, Object>> env = new ArrayList<>();
        for (String[] kv : job.environment(Path.of(MOUNT), MOUNT + "/data")) {
            env.add(Map.of("name", kv[0], "value", kv[1]));
        }
        container.put("env", env);
        Map<String, Object> requests = new LinkedHashMap<>();
        Map<String, Object> limits = new LinkedHashMap<>();
        requests.put("cpu", String.valueOf(shardResources ? job.cpusPerTask() : 1));
        if (job.memory() != null && shardResources) {
            String m = job.memory().endsWith("G") || job.memory().endsWith("M") ? job.memory() + "i" : job.memory();
            requests.put("memory", m);
            limits.put("memory", m);
        }
        if (shardResources && job.gpusPerTask() > 0) {
            limits.put("nvidia.com/gpu", String.valueOf(job.gpusPerTask()));
        }
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("requests", requests);
        if (!limits.isEmpty()) {
            resources.put("limits", limits);
        }
        container.put("resources", resources);
        container.put("volumeMounts", List.of(Map.of("name", "shared", "mountPath", MOUNT)));
        Map<String, Object> podSpec = new LinkedHashMap<>();
        podSpec.put("restartPolicy", "OnFailure");
        podSpec.put("containers", List.of(container));
        podSpec.put("volumes", List.of(Map.of("name", "shared", "persistentVolumeClaim", Map.of("claimName", pvc))));
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("metadata", Map.of("labels", Map.of("app.kubernetes.io/name", "linrepro")));
        template.put("spec", podSpec);
        return template;
    }

    private static String yaml(Object doc) {
        try {
            return YAML.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
