package org.kvlint.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValueTest {
    @Test
    void truthFollowsC() {
        assertEquals(Optional.of(false), Value.truth(Value.ZERO));
        assertEquals(Optional.of(true), Value.truth(new Value.Int(-1)));
        assertEquals(Optional.of(false), Value.truth(Value.NULL));
        assertEquals(Optional.empty(), Value.truth(new Value.Unknown("priv->buf")));
    }
}
