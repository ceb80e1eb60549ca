package shell_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMain(m *testing.M) {
	code := m.Run()
	// Remove only the directory plumbBinary made itself.
	if dir := filepath.Dir(builtBinary); builtBinary != "" && strings.HasPrefix(filepath.Base(dir), "plumb-bin-") {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}
