package interp

import (
	"strings"
	"testing"
)

// TestHelpCoversBuiltins fails when a builtin is registered without a
// help entry, or an entry is left for a builtin that is gone.
func TestHelpCoversBuiltins(t *testing.T) {
	for name := range builtins {
		h, ok := helpTopics()[name]
		if !ok {
			t.Errorf("builtin %q has no entry in helpTopics (help.go)", name)
			continue
		}
		if !strings.HasPrefix(h.synopsis, name) || h.desc == "" {
			t.Errorf("help for %q: synopsis %q must start with the name, and a description is needed", name, h.synopsis)
		}
	}
	for name := range helpTopics() {
		if _, ok := builtins[name]; !ok {
			t.Errorf("helpTopics has %q, which is not a builtin", name)
		}
	}
}
