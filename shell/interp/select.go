package interp

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/plumbsh/plumb/parser"
)

// The select loop, as bash runs it (execute_cmd.c: select_query,
// print_select_list): the numbered menu and the $PS3 prompt go to
// stderr, the answer is read from fd 0 by the read builtin (so Ctrl-C,
// a cancelled context and trapped signals reach it as they reach read),
// and the menu is shown again only when the answer, or $REPLY after the
// body, is empty.

// runSelect runs a select loop until break, or the end of the input,
// which ends it with status 1 after writing a newline to stdout (bash's
// putchar). An empty list runs nothing and is status 0.
func (s *Shell) runSelect(c *parser.SelectClause) error {
	items, err := s.loopItems(c.HasIn, c.Words)
	if err != nil {
		return err
	}
	s.status = 0
	if len(items) == 0 {
		return nil
	}
	s.loopDepth++
	defer func() { s.loopDepth-- }()
	showMenu := true
	for {
		choice, ok, err := s.selectQuery(items, showMenu)
		if err != nil {
			return err
		}
		if !ok {
			s.print(1, "\n")
			s.status = 1
			return nil
		}
		if err := s.setVar(c.Name, choice); err != nil {
			if err, ok := s.intAssignFailed(err, ""); ok {
				return err
			}
			s.errorf("%v", err)
			s.status = 1
			return nil
		}
		err = s.runStmts(c.Body)
		if stop, up := loopControl(err); stop {
			return up
		}
		reply, _ := s.get("REPLY")
		showMenu = reply == ""
	}
}

// selectQuery shows the menu (when showMenu) and the prompt until a
// line that is not empty comes, and returns the item it chose: "" for
// anything but the number of an item. ok is false at the end of the
// input; err is what ended the read's wait.
func (s *Shell) selectQuery(items []string, showMenu bool) (choice string, ok bool, err error) {
	for {
		if showMenu {
			s.writeErr(selectMenu(items, s.menuColumns()))
		}
		ps3, set := s.get("PS3")
		if !set {
			ps3 = "#? "
		}
		s.writeErr(ps3)
		st, err := biRead(s, []string{"read"})
		if err != nil || st != 0 {
			return "", false, err
		}
		reply, _ := s.get("REPLY")
		if reply == "" {
			showMenu = true
			continue
		}
		// bash's legal_number: white space around an optional sign and
		// decimal digits.
		n, err := strconv.ParseInt(strings.Trim(reply, " \t\n\v\f\r"), 10, 64)
		if err != nil || n < 1 || n > int64(len(items)) {
			return "", true, nil
		}
		return items[n-1], true, nil
	}
}

// menuColumns is the width the menu is laid out for: $COLUMNS when it
// is a positive number, else 80, as bash's default_columns.
func (s *Shell) menuColumns() int {
	if v, ok := s.get("COLUMNS"); ok {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			return n
		}
	}
	return 80
}

// selectMenu lays out the items in numbered columns for a screen cols
// wide, down the columns first, exactly as bash's print_select_list:
// each column is as wide as the widest "N) item" plus two, the first
// column's numbers are only as wide as the row count needs, and the gap
// to the next column is filled with tabs (every 8) and spaces.
func selectMenu(items []string, cols int) string {
	n := len(items)
	numLen := len(strconv.Itoa(n))
	width := 0
	for _, it := range items {
		width = max(width, displayWidth(it))
	}
	width += numLen + len(") ") + 2
	ncols := max(cols/width, 1)
	rows := (n + ncols - 1) / ncols
	ncols = (n + rows - 1) / rows
	if rows == 1 {
		rows = ncols // few items: one a line
	}
	firstNumLen := len(strconv.Itoa(rows))
	var b strings.Builder
	for row := range rows {
		pos := 0
		for i := row; ; {
			nl := numLen
			if pos == 0 {
				nl = firstNumLen
			}
			num := strconv.Itoa(i + 1)
			b.WriteString(strings.Repeat(" ", nl-len(num)) + num + ") " + items[i])
			end := pos + nl + len(") ") + displayWidth(items[i])
			if i += rows; i >= n {
				break
			}
			for pos += width; end < pos; {
				if pos/8 > end/8 {
					b.WriteByte('\t')
					end += 8 - end%8
				} else {
					b.WriteByte(' ')
					end++
				}
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// displayWidth is how many terminal columns s takes, counted as the line
// editor counts them (chzyer/readline's Runes.WidthAll, so the menu lines
// up with what the prompt draws): a tab is 4, a combining mark or a
// control or format character 0, a Han, Hangul, Hiragana or Katakana
// character 2, any other rune 1. Computed here so that package shell does
// not link the line editor.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case r == '\t':
			n += 4
		case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cc, unicode.Cf):
		case unicode.In(r, unicode.Han, unicode.Hangul, unicode.Hiragana, unicode.Katakana):
			n += 2
		default:
			n++
		}
	}
	return n
}
