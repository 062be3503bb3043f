/**
 * What a {@link dev.sandprof.host.ProfileResult} holds: the sampled stacks
 * ({@link dev.sandprof.host.profile.StackProfile}), the agent's exact call paths
 * ({@link dev.sandprof.host.profile.CallPathProfile}), and the flame-graph page made from stacks
 * ({@link dev.sandprof.host.profile.FlameGraph}).
 */
package dev.sandprof.host.profile;
