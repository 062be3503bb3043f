package dev.sandprof.host.internal;

import dev.sandprof.host.Interpreter;
import dev.sandprof.host.RemoteValue;
import dev.sandprof.host.RequestRefusedException;
import dev.sandprof.host.SandboxException;
import dev.sandprof.host.UserCodeException;
import dev.sandprof.wire.AddClassPath;
import dev.sandprof.wire.ClassBytes;
import dev.sandprof.wire.DefineClasses;
import dev.sandprof.wire.Done;
import dev.sandprof.wire.InvokeMain;
import dev.sandprof.wire.InvokeStatic;
import dev.sandprof.wire.Ping;
import dev.sandprof.wire.ProtocolError;
import dev.sandprof.wire.Reply;
import dev.sandprof.wire.Request;
import dev.sandprof.wire.UserFailure;
import dev.sandprof.wire.ValueReply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * The {@link Interpreter} API in terms of protocol requests, shared by both implementations:
 * each only says how a request reaches a {@code SandboxRuntime} and how its reply comes back.
 */
abstract class RequestingInterpreter implements Interpreter {

    /** Sends a request built from its id and returns the reply, or throws how the sandbox failed. */
    abstract Reply call(LongFunction<Request> request);

    @Override
    public void ping() {
        expectDone(call(Ping::new));
    }

    @Override
    public void define(Map<String, byte[]> classes) {
        List<ClassBytes> shipped = new ArrayList<>();
        classes.forEach((name, bytes) -> shipped.add(new ClassBytes(name, bytes)));
        expectDone(call(id -> new DefineClasses(id, shipped)));
    }

    @Override
    public void addClassPath(List<Path> entries) {
        List<String> paths = new ArrayList<>();
        entries.forEach(p -> paths.add(p.toAbsolutePath().toString()));
        expectDone(call(id -> new AddClassPath(id, paths)));
    }

    @Override
    public void runMain(String className, List<String> args) {
        value(call(id -> new InvokeMain(id, className, args, true)));
    }

    @Override
    public RemoteValue invokeStatic(String className, String method) {
        return value(call(id -> new InvokeStatic(id, className, method)));
    }

    private static void expectDone(Reply reply) {
        if (!(reply instanceof Done)) {
            value(reply);
        }
    }

    /** The value of a reply; a failure becomes the exception that says what failed. */
    static RemoteValue value(Reply reply) {
        if (reply instanceof ValueReply) {
            ValueReply v = (ValueReply) reply;
            return new RemoteValue(Optional.ofNullable(v.ref()), v.typeName(), v.display());
        } else if (reply instanceof UserFailure) {
            throw new UserCodeException(((UserFailure) reply).exception());
        } else if (reply instanceof ProtocolError) {
            throw new RequestRefusedException(((ProtocolError) reply).message());
        } else if (reply instanceof Done) {
            return new RemoteValue(Optional.empty(), "void", "");
        }
        throw new SandboxException("unexpected reply " + reply);
    }
}
