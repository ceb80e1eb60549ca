package interp

import "testing"

// displayWidth counts columns as chzyer/readline's Runes.WidthAll does
// (the values below are what it returns), without linking readline.
func TestDisplayWidth(t *testing.T) {
	for s, want := range map[string]int{
		"abc": 3, "\t": 4, "é": 1, "e\u0301": 1, "日本": 4, "한글": 4, "カな": 4,
		"\x01x": 1, "a\u200bb": 2, "\xffz": 2, "": 0,
	} {
		if got := displayWidth(s); got != want {
			t.Errorf("displayWidth(%q) = %d, want %d", s, got, want)
		}
	}
}
