package shell_test

import (
	"testing"
	"time"
)

// waitUntil polls cond until it holds, and fails the test with failure()
// once hangDeadline has passed. The states these tests wait for — a
// process's state, signal mask or pending signals in /proc, a descendant
// that has started, a file a background job writes — come with no event
// to block on, so polling them is the wait; nothing here orders events
// by sleeping. Every state-wait of the package goes through this one
// loop, with one poll interval.
func waitUntil(t testing.TB, cond func() bool, failure func() string) {
	t.Helper()
	deadline := time.Now().Add(hangDeadline)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal(failure())
		}
		time.Sleep(5 * time.Millisecond)
	}
}
