package printf

import (
	"strconv"
	"strings"
	"time"
)

// strftimeMax is the size of bash's buffer for one %(fmt)T: a result
// that does not fit in it, with its NUL, comes out empty.
const strftimeMax = 128

// Strftime is strftime for the prompt's \D{fmt} (and its \t \d …
// escapes), which bash formats with the same conversions and buffer.
func Strftime(layout string, t time.Time) string { return strftime(layout, t) }

// strftime formats t with C's strftime conversions; one it does not know
// is copied as written. A result longer than bash's buffer is empty, as
// in bash.
func strftime(layout string, t time.Time) string {
	if s := strftimeAll(layout, t); len(s) < strftimeMax {
		return s
	}
	return ""
}

func strftimeAll(layout string, t time.Time) string {
	var b strings.Builder
	for i := 0; i < len(layout); i++ {
		c := layout[i]
		if c != '%' || i+1 >= len(layout) {
			b.WriteByte(c)
			continue
		}
		i++
		switch layout[i] {
		case '%':
			b.WriteByte('%')
		case 'a':
			b.WriteString(t.Format("Mon"))
		case 'A':
			b.WriteString(t.Format("Monday"))
		case 'b', 'h':
			b.WriteString(t.Format("Jan"))
		case 'B':
			b.WriteString(t.Format("January"))
		case 'c':
			b.WriteString(t.Format("Mon Jan _2 15:04:05 2006"))
		case 'C':
			b.WriteString(twoDigits(t.Year() / 100))
		case 'd':
			b.WriteString(t.Format("02"))
		case 'D', 'x':
			b.WriteString(t.Format("01/02/06"))
		case 'e':
			b.WriteString(t.Format("_2"))
		case 'F':
			b.WriteString(t.Format("2006-01-02"))
		case 'g':
			y, _ := t.ISOWeek()
			b.WriteString(twoDigits(y % 100))
		case 'G':
			y, _ := t.ISOWeek()
			b.WriteString(strconv.Itoa(y))
		case 'H':
			b.WriteString(t.Format("15"))
		case 'I':
			b.WriteString(t.Format("03"))
		case 'j':
			b.WriteString(t.Format("002"))
		case 'k':
			b.WriteString(pad(spec{width: 2}, strconv.Itoa(t.Hour())))
		case 'l':
			b.WriteString(pad(spec{width: 2}, t.Format("3")))
		case 'm':
			b.WriteString(t.Format("01"))
		case 'M':
			b.WriteString(t.Format("04"))
		case 'n':
			b.WriteByte('\n')
		case 'p':
			b.WriteString(t.Format("PM"))
		case 'P':
			b.WriteString(t.Format("pm"))
		case 'r':
			b.WriteString(t.Format("03:04:05 PM"))
		case 'R':
			b.WriteString(t.Format("15:04"))
		case 's':
			b.WriteString(strconv.FormatInt(t.Unix(), 10))
		case 'S':
			b.WriteString(t.Format("05"))
		case 't':
			b.WriteByte('\t')
		case 'T', 'X':
			b.WriteString(t.Format("15:04:05"))
		case 'u':
			b.WriteString(strconv.Itoa((int(t.Weekday())+6)%7 + 1))
		case 'U':
			b.WriteString(twoDigits((t.YearDay() + 6 - int(t.Weekday())) / 7))
		case 'V':
			_, w := t.ISOWeek()
			b.WriteString(twoDigits(w))
		case 'w':
			b.WriteString(strconv.Itoa(int(t.Weekday())))
		case 'W':
			b.WriteString(twoDigits((t.YearDay() + 6 - (int(t.Weekday())+6)%7) / 7))
		case 'y':
			b.WriteString(t.Format("06"))
		case 'Y':
			b.WriteString(strconv.Itoa(t.Year()))
		case 'z':
			b.WriteString(t.Format("-0700"))
		case 'Z':
			b.WriteString(t.Format("MST"))
		default:
			b.WriteString(layout[i-1 : i+1])
		}
	}
	return b.String()
}

func twoDigits(n int) string {
	if n < 10 && n >= 0 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// Zone is the zone a TZ value names, as the C library reads it: a zone
// name (with or without a leading colon) from the zone database; empty,
// UTC; a POSIX rule such as EST5 or a name the database lacks, a zone
// of that abbreviation at the rule's standard offset (hours west of
// UTC), without its daylight-saving part.
func Zone(tz string) *time.Location {
	name := strings.TrimPrefix(tz, ":")
	if name == "" {
		return time.UTC
	}
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	i := 0
	for i < len(name) && (name[i] >= 'A' && name[i] <= 'Z' || name[i] >= 'a' && name[i] <= 'z') {
		i++
	}
	abbr, rest := name[:i], name[i:]
	west := 1
	if rest != "" && (rest[0] == '+' || rest[0] == '-') {
		if rest[0] == '-' {
			west = -1
		}
		rest = rest[1:]
	}
	j := 0
	for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
		j++
	}
	hours, _ := strconv.Atoi(rest[:j])
	return time.FixedZone(abbr, -west*hours*3600)
}
