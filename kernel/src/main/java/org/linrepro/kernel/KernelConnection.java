package org.linrepro.kernel;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.zeromq.ZMQ;

/**
 * jjava-jupyter's connection with quicker shell and control channels: the library's channels poll their socket
 * and then sleep 50 ms, which adds up to 50 ms to every request; these sleep {@value #POLL_SLEEP_MS} ms.
 */
final class KernelConnection extends JupyterConnection {

    static final long POLL_SLEEP_MS = 3;

    private final KernelConnectionProperties props;
    private final ZMQ.Context context = ZMQ.context(1);
    private final ShellChannel quickShell;
    private final ShellChannel quickControl;

    KernelConnection(KernelConnectionProperties props) throws NoSuchAlgorithmException, InvalidKeyException {
        super(props);
        this.props = props;
        HMACGenerator hmac = props.createHMACGenerator();
        this.quickShell = new ShellChannel(context, hmac, false, this, POLL_SLEEP_MS);
        this.quickControl = new ShellChannel(context, hmac, true, this, POLL_SLEEP_MS);
    }

    @Override
    public void connect() {
        heartbeat.bind(props);
        quickShell.bind(props);
        quickControl.bind(props);
        stdin.bind(props);
        iopub.bind(props);
        getIOPub().sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.STARTING));
    }

    @Override
    public void close() {
        quickShell.close();
        quickControl.close();
        super.close();
        context.close();
    }

    @Override
    public void waitUntilClose() {
        quickShell.waitUntilClose();
        quickControl.waitUntilClose();
        super.waitUntilClose();
    }
}
