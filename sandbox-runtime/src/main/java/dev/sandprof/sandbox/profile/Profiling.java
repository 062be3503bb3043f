package dev.sandprof.sandbox.profile;

import dev.sandprof.sandbox.RequestRefused;
import dev.sandprof.wire.ProfileReply;
import dev.sandprof.wire.StartProfile;

/** The sandbox's one profile at a time: started by a request, stopped by another. */
public final class Profiling {

    private ProfileEngine running;
    private String engine;

    /** Starts the asked profile; throws {@link RequestRefused} naming what cannot be done here. */
    public synchronized void start(StartProfile request) {
        if (running != null) {
            throw new RequestRefused("a " + engine + " profile is running already: stop it first");
        }
        ProfileEngine e;
        switch (request.engine()) {
            case "async":
                e = new AsyncProfilerEngine(request.event(), request.intervalNanos(), request.jfrFile());
                break;
            case "jfr":
                e = new JfrEngine(request.event(), request.intervalNanos(), request.jfrFile());
                break;
            case "agent":
                e = new AgentEngine(request.event(), request.intervalNanos());
                break;
            default:
                throw new RequestRefused("no profiling engine " + request.engine() + ": use async, jfr or agent");
        }
        e.start();
        running = e;
        engine = request.engine();
    }

    /** Whether a profile runs. */
    public synchronized boolean running() {
        return running != null;
    }

    /** Stops the running profile and gives its stacks, trimmed to the user's code. */
    public synchronized ProfileReply stop(long requestId) {
        if (running == null) {
            throw new RequestRefused("no profile is running: start one first");
        }
        ProfileEngine e = running;
        running = null;
        ProfileEngine.Sampled s = e.stop();
        // The agent's stacks hold instrumented methods only: nothing to trim.
        String collapsed = engine.equals("agent") ? UserStacks.collapsed(s.stacks, false) : UserStacks.collapsed(s.stacks, true);
        return new ProfileReply(requestId, engine, s.event, s.note, collapsed, s.samples, s.jfrFile, s.callPaths);
    }
}
