package dev.sandprof.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What each request class says about itself: its handler method, its reply type, how it is served. */
class RequestTest {

    static Stream<Request<?>> everyRequest() {
        return WireCodecTest.everyMessage().filter(m -> m instanceof Request).map(m -> (Request<?>) m);
    }

    static Stream<Event> everyEvent() {
        return WireCodecTest.everyMessage().filter(m -> m instanceof Event).map(m -> (Event) m);
    }

    /** A handler that records which of its methods were called, and answers each with an empty reply of its type. */
    private static RequestHandler recording(List<Method> called) {
        return (RequestHandler) Proxy.newProxyInstance(RequestTest.class.getClassLoader(),
                new Class<?>[] {RequestHandler.class}, (proxy, method, args) -> {
                    called.add(method);
                    Constructor<?> empty = method.getReturnType().getDeclaredConstructor();
                    empty.setAccessible(true);
                    return empty.newInstance();
                });
    }

    private static String lowerFirst(String s) {
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    @ParameterizedTest
    @MethodSource("everyRequest")
    void eachRequestReachesItsOwnHandlerMethodWithItself(Request<?> request) {
        List<Method> called = new ArrayList<>();
        Reply reply = request.dispatchTo(recording(called));
        assertThat(called).hasSize(1);
        assertThat(called.get(0).getName()).isEqualTo(lowerFirst(request.getClass().getSimpleName()));
        assertThat(called.get(0).getParameterTypes()).containsExactly(request.getClass());
        assertThat(reply).isInstanceOf(request.replyType());
    }

    @ParameterizedTest
    @MethodSource("everyRequest")
    void theReplyTypeIsWhatItsHandlerMethodReturns(Request<?> request) throws Exception {
        Method handler = RequestHandler.class.getMethod(lowerFirst(request.getClass().getSimpleName()), request.getClass());
        assertThat(handler.getReturnType()).isEqualTo(request.replyType());
        assertThat(Reply.class).isAssignableFrom(request.replyType());
    }

    @Test
    void everyHandlerMethodServesOneRequestClass() {
        Set<Class<?>> requests = ProtocolClasses.ALL.stream().filter(Request.class::isAssignableFrom).collect(Collectors.toSet());
        Set<Class<?>> served = Stream.of(RequestHandler.class.getMethods())
                .map(m -> m.getParameterTypes()[0]).collect(Collectors.toSet());
        assertThat(served).isEqualTo(requests);
        assertThat(RequestHandler.class.getMethods()).hasSameSizeAs(requests.toArray());
    }

    @Test
    void onlyStacksInterruptHeartbeatAndShutdownAreAnsweredOutOfTurn() {
        assertThat(everyRequest().filter(Request::outOfTurn).map(r -> r.getClass().getSimpleName()))
                .containsExactlyInAnyOrder("ThreadStacks", "Interrupt", "Heartbeat", "Shutdown");
    }

    @Test
    void theRequestsThatRunNoUserCodeAreTheOnesTheChannelThreadMayAnswer() {
        assertThat(everyRequest().filter(r -> !r.runsUserCode()).map(r -> r.getClass().getSimpleName()).distinct())
                .containsExactlyInAnyOrder("Ping", "Shutdown", "DefineClasses", "AddClassPath", "FreeRefs", "CountRefs",
                        "ThreadStacks", "Interrupt", "Heartbeat");
    }

    @Test
    void theRepliesThatSayARequestFailedAreNoRequestsReplyType() {
        assertThat(everyRequest().<Class<?>>map(Request::replyType))
                .doesNotContain(UserFailure.class, ProtocolError.class, SandboxBug.class);
    }

    @ParameterizedTest
    @MethodSource("everyEvent")
    void eachEventReachesItsOwnListenerMethod(Event event) {
        List<String> called = new ArrayList<>();
        event.deliverTo((EventListener) Proxy.newProxyInstance(RequestTest.class.getClassLoader(),
                new Class<?>[] {EventListener.class}, (proxy, method, args) -> {
                    called.add(method.getName());
                    assertThat(args).containsExactly(event);
                    return null;
                }));
        assertThat(called).containsExactly(lowerFirst(event.getClass().getSimpleName()));
    }

    @Test
    void aListenerIgnoresTheEventsItIsNotFor() {
        EventListener none = new EventListener() { };
        everyEvent().forEach(e -> e.deliverTo(none));
        assertThat(everyEvent().map(e -> e.getClass().getSimpleName()).distinct())
                .containsExactlyInAnyOrder("Output", "ExceptionsTraced", "ProfileCollected", "BenchmarkIteration",
                        "InputWanted", "Exiting", "JmhIterationStarted", "JmhIterationResult", "JmhOutput", "JmhForkEnded");
    }
}
