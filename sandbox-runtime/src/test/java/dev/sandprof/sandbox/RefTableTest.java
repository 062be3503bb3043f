package dev.sandprof.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandprof.wire.RemoteRef;
import org.junit.jupiter.api.Test;

class RefTableTest {

    private final RefTable table = new RefTable(7);

    @Test
    void aRefNamesItsObjectAndCarriesTheEpoch() {
        Object value = new Object();
        RemoteRef ref = table.add(value);
        assertThat(ref.epoch()).isEqualTo(7);
        assertThat(table.get(ref)).isSameAs(value);
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void theSameObjectAddedTwiceGetsTwoRefs() {
        Object value = "x";
        RemoteRef a = table.add(value);
        RemoteRef b = table.add(value);
        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(table.size()).isEqualTo(2);
    }

    @Test
    void aFreedRefIsRefusedAndItsIdNeverNamesAnotherObject() {
        RemoteRef first = table.add("first");
        table.free(7, new long[] {first.id()});
        RemoteRef second = table.add("second");
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThatThrownBy(() -> table.get(first)).isInstanceOf(RequestRefused.class)
                .hasMessage("ref " + first.id() + " was freed");
        assertThat(table.get(second)).isEqualTo("second");
    }

    @Test
    void aRefOfAnotherEpochIsRefusedEvenWhenItsIdIsLive() {
        RemoteRef live = table.add("here");
        RemoteRef stale = new RemoteRef(8, live.id());
        assertThatThrownBy(() -> table.get(stale)).isInstanceOf(RequestRefused.class)
                .hasMessageContaining("stale ref").hasMessageContaining("epoch 8").hasMessageContaining("epoch 7");
    }

    @Test
    void aBatchOfAnotherEpochFreesNothing() {
        RemoteRef ref = table.add("kept");
        table.free(8, new long[] {ref.id()});
        assertThat(table.get(ref)).isEqualTo("kept");
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void freeingTwiceOrAnUnknownIdIsHarmless() {
        RemoteRef a = table.add("a");
        RemoteRef b = table.add("b");
        table.free(7, new long[] {a.id(), a.id(), 999});
        table.free(7, new long[] {a.id()});
        assertThat(table.size()).isEqualTo(1);
        assertThat(table.get(b)).isEqualTo("b");
    }
}
