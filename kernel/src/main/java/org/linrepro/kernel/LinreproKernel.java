package org.linrepro.kernel;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishDisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;
import org.dflib.jjava.jupyter.messages.publish.PublishUpdateDisplayData;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.reply.HistoryReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;

/**
 * The Jupyter side of the kernel: jjava-jupyter's {@link BaseKernel} handles the channels and the messages
 * ({@code kernel_info}, {@code complete}, {@code inspect}, {@code is_complete}, {@code interrupt}, {@code shutdown},
 * comms); cells go to a {@link JavaSession}. The session starts in the background so {@code kernel_info} is answered
 * at once; the first request that needs it waits.
 */
public final class LinreproKernel extends BaseKernel {

    public static final String NAME = "linrepro";
    public static final String VERSION = "0.1.0";

    private final CompletableFuture<JavaSession> session;

    public LinreproKernel(CompletableFuture<JavaSession> session) {
        super(NAME, VERSION,
                new LanguageInfo.Builder("java")
                        .version(Runtime.version().toString())
                        .mimetype("text/x-java-source")
                        .fileExtension(".jshell")
                        .pygments("java")
                        .codemirror("java")
                        .build(),
                List.of(new HelpLink("Java API", "https://docs.oracle.com/en/java/javase/17/docs/api/")),
                null,
                new JupyterIO(StandardCharsets.UTF_8),
                new CommManager(),
                new Renderer(),
                null,
                null,
                false,
                new StringStyler.Builder().build());
        this.session = session;
    }

    /** A kernel whose session starts now, in the background, with this classpath (patterns, path-separated). */
    public static LinreproKernel starting(String classpath, Path workDir) {
        CompletableFuture<JavaSession> s = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                s.complete(JavaSession.start(classpath, workDir));
            } catch (Throwable e) {
                s.completeExceptionally(e);
            }
        }, "linrepro-session-start");
        t.setDaemon(true);
        t.start();
        return new LinreproKernel(s);
    }

    private JavaSession session() {
        try {
            return session.join();
        } catch (CompletionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            throw new CellException("KernelError", "the Java session did not start: " + c,
                    List.of("KernelError: the Java session did not start: " + c));
        }
    }

    @Override
    public String getBanner() {
        return "Java " + Runtime.version() + " :: linrepro kernel " + VERSION + " (JShell in-process)";
    }

    @Override
    protected synchronized void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        commManager.setMessageContext(message);
        ExecuteRequest request = message.getContent();
        int count = request.isSilent() || !request.shouldStoreHistory()
                ? executionCount.get() : executionCount.getAndIncrement();
        env.setBusyDeferIdle();
        if (!request.isSilent()) {
            env.publish(new PublishExecuteInput(request.getCode(), count));
        }
        Output out = new Output(env, request.isStdinEnabled());
        try {
            JavaSession.CellResult result = session().execute(request.getCode(), count, out);
            if (result.hasValue() && !request.isSilent()) {
                env.publish(new PublishExecuteResult(count, displayData(result.bundle(), null)));
            }
            env.defer().reply(new ExecuteReply(count, Collections.emptyMap()));
        } catch (CellException e) {
            env.publish(new PublishError(e.ename(), e.evalue(), e.traceback()));
            ErrorReply error = new ErrorReply(e.ename(), e.evalue(), e.traceback());
            error.setExecutionCount(count);
            env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), error);
        }
    }

    @Override
    protected void handleHistoryRequest(ShellReplyEnvironment env, Message<HistoryRequest> message) {
        env.setBusyDeferIdle();
        env.reply(new HistoryReply(List.of()));
    }

    @Override
    public Object evalRaw(String source) {
        throw new UnsupportedOperationException("evaluating code from inside a cell is not supported");
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        Map<String, Object> bundle = session().inspect(code, at, extraDetail);
        return bundle == null ? null : displayData(bundle, null);
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        JavaSession.Completion c = session().complete(code, at);
        return new ReplacementOptions(c.matches(), c.start(), c.end());
    }

    @Override
    public String isComplete(String code) {
        JavaSession.Completeness c;
        try {
            c = session().isComplete(code);
        } catch (RuntimeException e) {
            return IS_COMPLETE_MAYBE;
        }
        switch (c.status()) {
            case "complete":
                return IS_COMPLETE_YES;
            case "invalid":
                return IS_COMPLETE_BAD;
            case "incomplete":
                return c.indent() == null ? "" : c.indent();
            default:
                return IS_COMPLETE_MAYBE;
        }
    }

    @Override
    public void interrupt() {
        if (session.isDone() && !session.isCompletedExceptionally()) {
            session.join().interrupt();
        }
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        super.onShutdown(isRestarting);
        if (session.isDone() && !session.isCompletedExceptionally()) {
            session.join().close();
        }
    }

    static DisplayData displayData(Map<String, Object> bundle, String displayId) {
        DisplayData data = new DisplayData();
        bundle.forEach(data::putData);
        if (displayId != null) {
            data.setDisplayId(displayId);
        }
        return data;
    }

    /** A cell's output as iopub messages. */
    private static final class Output implements CellOutput {
        private final ShellReplyEnvironment env;
        private final boolean stdin;

        Output(ShellReplyEnvironment env, boolean stdin) {
            this.env = env;
            this.stdin = stdin;
        }

        @Override
        public void stdout(String text) {
            env.publish(new PublishStream(PublishStream.StreamType.OUT, text));
        }

        @Override
        public void stderr(String text) {
            env.publish(new PublishStream(PublishStream.StreamType.ERR, text));
        }

        @Override
        public void display(Map<String, Object> bundle, String displayId, boolean update) {
            DisplayData data = displayData(bundle, displayId);
            if (update) {
                env.publish(new PublishUpdateDisplayData(data));
            } else {
                env.publish(new PublishDisplayData(data));
            }
        }

        @Override
        public String input(String prompt, boolean password) {
            if (!stdin) {
                throw new UnsupportedOperationException("this frontend does not accept input");
            }
            return env.readFromStdIn(prompt, password);
        }
    }
}
