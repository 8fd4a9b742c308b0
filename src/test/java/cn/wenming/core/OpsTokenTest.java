package cn.wenming.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpsTokenTest {

    @Test
    void withoutAConfiguredTokenNothingIsAdmitted() {
        OpsToken none = new OpsToken(" ");
        assertThat(none.admits(null)).isFalse();
        assertThat(none.admits("")).isFalse();
        assertThat(none.admits("Bearer ")).isFalse();
        assertThat(none.admits("Bearer  ")).isFalse();
    }

    @Test
    void onlyTheExactBearerHeaderIsAdmitted() {
        OpsToken token = new OpsToken("s3cret-ops-token");
        assertThat(token.admits("Bearer s3cret-ops-token")).isTrue();
        assertThat(token.admits("s3cret-ops-token")).isFalse();
        assertThat(token.admits("Bearer s3cret-ops-token ")).isFalse();
        assertThat(token.admits("Bearer s3cret-ops-toke")).isFalse();
        assertThat(token.admits(null)).isFalse();
    }
}
