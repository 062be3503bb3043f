package dev.sandprof.sandbox.profile;

import dev.sandprof.sandbox.AgentPresence;
import dev.sandprof.sandbox.RequestRefused;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sandprof agent's exact call-path profile: entries counted per call path by the advice,
 * time by a tick that samples each running thread's innermost path. Only instrumented classes
 * appear: those shipped after {@code Instrument}.
 */
final class AgentEngine implements ProfileEngine {

    private static final long DEFAULT_TICK = 10_000_000;

    private final String event;
    private final long intervalNanos;

    AgentEngine(String event, long intervalNanos) {
        this.event = event;
        this.intervalNanos = intervalNanos;
    }

    @Override
    public void start() {
        if (!event.equals("cpu")) {
            throw new RequestRefused("the agent engine counts calls and samples running threads (cpu) only: "
                    + "use --engine async for " + event);
        }
        AgentPresence.require(NO_AGENT);
        try {
            dev.sandprof.agent.CallProfile.start(intervalNanos > 0 ? intervalNanos : DEFAULT_TICK);
        } catch (IllegalStateException e) {
            throw new RequestRefused(e.getMessage());
        }
    }

    private static final String NO_AGENT = "the agent engine needs the sandprof agent, which runs only in an external "
            + "sandbox: use it without --in-process, or use --engine async or jfr";

    @Override
    public Sampled stop() {
        List<dev.sandprof.agent.CallProfile.CallPath> paths = dev.sandprof.agent.CallProfile.stop();
        Map<String, Long> ticks = new LinkedHashMap<>();
        StringBuilder callPaths = new StringBuilder();
        long samples = 0;
        for (dev.sandprof.agent.CallProfile.CallPath p : paths) {
            String path = String.join(";", p.frames());
            callPaths.append(path).append(' ').append(p.entries()).append(' ').append(p.ticks()).append('\n');
            if (p.ticks() > 0) {
                ticks.merge(path, p.ticks(), Long::sum);
            }
            samples += p.ticks();
        }
        return new Sampled("cpu", null, ticks, samples, null, callPaths.toString());
    }
}
