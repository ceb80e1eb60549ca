package printf

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/plumbsh/plumb/shell/internal/bashtest"
)

type printfCase struct {
	format string
	args   []string
	out    string
	status int
	diags  []string // without the "printf: " prefix
	noBash bool     // bash differs here, on purpose or by platform
}

var printfCases = []printfCase{
	{format: "hello", out: "hello"},
	{format: `a\nb\tc\\d`, out: "a\nb\tc\\d"},
	{format: `\a\b\f\r\v\e\E`, out: "\a\b\f\r\v\x1b\x1b"},
	{format: `\0101\101\x41\x4g`, out: "\b1AA\x04g"},
	{format: `a\0b`, out: "a\x00b"},
	{format: `a\400b`, out: "a\x00b"},
	{format: `\'\"\?`, out: `'"?`},
	{format: `\u00e9\U0001F600`, out: "é😀"},
	{format: `x\c y`, out: `x\c y`},
	{format: `abc\`, out: `abc\`},
	{format: `\q`, out: `\q`},
	{format: `\x`, out: `\x`, diags: []string{`missing hex digit for \x`}},
	{format: `\u`, out: `\u`, diags: []string{`missing unicode digit for \u`}},
	{format: `\q\%`, out: `\q\`, status: 1, diags: []string{"`%': missing format character"}},
	{format: "%s\n", args: []string{"a", "b", "c"}, out: "a\nb\nc\n"},
	{format: "%s %s\n", args: []string{"a", "b", "c"}, out: "a b\nc \n"},
	{format: "%d %s", args: []string{"1", "2", "3"}, out: "1 23 "},
	{format: "no conversions", args: []string{"a", "b"}, out: "no conversions"},
	{format: "%s-%%", args: []string{"a", "b"}, out: "a-%b-%"},
	{format: "%%%s", args: []string{"x", "y"}, out: "%x%y"},
	{format: "%s %d", args: []string{"a"}, out: "a 0"},
	{format: "%s", out: ""},
	{format: "%s %q", args: []string{"a"}, out: "a ''"},
	{format: "%5s|%-5s|%.1s|", args: []string{"ab", "cd", "ef"}, out: "   ab|cd   |e|"},
	{format: "%05s|%05c|%05q|%05b|", args: []string{"ab", "c", "d", "e"}, out: "   ab|    c|    d|    e|"},
	{format: "%.3s|%5s|", args: []string{"héllo", "é"}, out: "h\xc3\xa9|   é|"},
	{format: "%#5.3s|", args: []string{"abcdef"}, out: "  abc|"},
	{format: "%*d|%-*d|%.*f", args: []string{"5", "1", "-4", "2", "2", "3.14159"}, out: "    1|2   |3.14"},
	{format: "%.*d|%*s|", args: []string{"-1", "5", "-3", "x"}, out: "5|x  |"},
	{format: "%*d", args: []string{"x", "1"}, out: "1", status: 1, diags: []string{"x: invalid number"}},
	{format: "%d %i", args: []string{"42", "-7"}, out: "42 -7"},
	{format: "%+d % d %05d %-5d| %05.3d %.0d|", args: []string{"1", "2", "3", "4", "5", "0"}, out: "+1  2 00003 4    |   005 |"},
	{format: "%-+5d|%+-5d|% +d|%-05d|", args: []string{"3", "3", "3", "3"}, out: "+3   |+3   |+3|3    |"},
	{format: "%o %#o %#x %#X %x %#x", args: []string{"8", "8", "255", "255", "0", "0"}, out: "10 010 0xff 0XFF 0 0"},
	{format: "%+u %+x % x", args: []string{"5", "5", "5"}, out: "5 5 5"},
	{format: "%u %x %o", args: []string{"-1", "-1", "-1"}, out: "18446744073709551615 ffffffffffffffff 1777777777777777777777"},
	{format: "%x", args: []string{"-0x1"}, out: "ffffffffffffffff"},
	{format: "%d %d %d %d", args: []string{"010", "0x1F", "0X1f", "+5"}, out: "8 31 31 5"},
	{format: "%d|%d", args: []string{"-0x10", "  -010"}, out: "-16|-8"},
	{format: "%d %d %d %d", args: []string{"'A", `"A`, "'é", "'"}, out: "65 65 233 0"},
	{format: "%d", args: []string{""}, out: "0"},
	{format: "%d", args: []string{"abc"}, out: "0", status: 1, diags: []string{"abc: invalid number"}},
	{format: "%d", args: []string{"12abc"}, out: "12", status: 1, diags: []string{"12abc: invalid number"}},
	{format: "%d", args: []string{"12 "}, out: "12", status: 1, diags: []string{"12 : invalid number"}},
	{format: "%d", args: []string{"1.5"}, out: "1", status: 1, diags: []string{"1.5: invalid number"}},
	{format: "%d", args: []string{"-"}, out: "0", status: 1, diags: []string{"-: invalid number"}},
	{format: "%d", args: []string{"08"}, out: "0", status: 1, diags: []string{"08: invalid octal number"}},
	{format: "%d", args: []string{"0x"}, out: "0", status: 1, diags: []string{"0x: invalid hex number"}},
	{format: "%d", args: []string{"0x1g"}, out: "1", status: 1, diags: []string{"0x1g: invalid hex number"}},
	{format: "%d", args: []string{"0X1g"}, out: "1", status: 1, diags: []string{"0X1g: invalid number"}},
	{format: "%d,%d\n", args: []string{"x", "2", "3"}, out: "0,2\n3,0\n", status: 1, diags: []string{"x: invalid number"}},
	{format: "%d", args: []string{"99999999999999999999"}, out: "9223372036854775807", diags: []string{"warning: 99999999999999999999: Numerical result out of range"}},
	{format: "%d", args: []string{"-99999999999999999999"}, out: "-9223372036854775808", diags: []string{"warning: -99999999999999999999: Numerical result out of range"}},
	{format: "%d", args: []string{"-9223372036854775808"}, out: "-9223372036854775808"},
	{format: "%u", args: []string{"18446744073709551615"}, out: "18446744073709551615"},
	{format: "%u", args: []string{"99999999999999999999"}, out: "18446744073709551615", diags: []string{"warning: 99999999999999999999: Numerical result out of range"}},
	{format: "%ld %hd %lld %jd %zd %hhd", args: []string{"1", "2", "3", "4", "5", "6"}, out: "1 2 3 4 5 6"},
	{format: "%Lf %lf", args: []string{"1", "2"}, out: "1.000000 2.000000"},
	{format: "%c%c|%3c|%-3c|", args: []string{"ab", "cd", "e", "f"}, out: "ac|  e|f  |"},
	{format: "%c", args: []string{"é"}, out: "\xc3"},
	{format: "%c", out: "\x00"},
	{format: "%f %F", args: []string{"3.14159", "2"}, out: "3.141590 2.000000"},
	{format: "%e %E %g %G", args: []string{"12345.678", "0.000012345", "1e-5", "1e20"}, out: "1.234568e+04 1.234500E-05 1e-05 1E+20"},
	{format: "%#g %#.0f %#e %g %g", args: []string{"1", "2", "3", "100000", "1000000"}, out: "1.00000 2. 3.000000e+00 100000 1e+06"},
	{format: "%10.4e|%-12g|%012.3f", args: []string{"3.14159", "2.5", "-3.14159"}, out: "3.1416e+00|2.5         |-0000003.142"},
	{format: "%08.3f|%-8.2f|%+.1f|% .1f", args: []string{"-1.5", "2.25", "3.0", "4.0"}, out: "-001.500|2.25    |+3.0| 4.0"},
	{format: "%.0f %.0f %.0f", args: []string{"0.5", "1.5", "2.5"}, out: "0 2 2"},
	{format: "%g %g %g %g %g", args: []string{"0.0001", "0.00001", "123456", "1234567", "0"}, out: "0.0001 1e-05 123456 1.23457e+06 0"},
	{format: "%.0g %.1g %.10g", args: []string{"123", "0.5", "3.14159"}, out: "1e+02 0.5 3.14159"},
	{format: "%#.3g|%#g|%10.3g|", args: []string{"1.0", "0", "-0.000123456"}, out: "1.00|0.00000| -0.000123|"},
	{format: "%G %+.2e %.3e", args: []string{"1e-10", "12345", "0"}, out: "1E-10 +1.23e+04 0.000e+00"},
	{format: "%f %f %f %f", args: []string{"1e3", ".5", "-.5e1", "'A"}, out: "1000.000000 0.500000 -5.000000 65.000000"},
	{format: "%f %f %f", args: []string{"0x1A", "0x1.8p1", "0x1A.8"}, out: "26.000000 3.000000 26.500000"},
	{format: "%f %g %F %E %.3f %f", args: []string{"infinity", "inf", "inf", "nan", "-nan", "nan(123)"}, out: "inf inf INF NAN -nan nan"},
	{format: "%5.1f|%-6g|%06f", args: []string{"inf", "-inf", "inf"}, out: "  inf|-inf  |   inf"},
	{format: "%f", args: []string{"abc"}, out: "0.000000", status: 1, diags: []string{"abc: invalid number"}},
	{format: "%f|%f|%f", args: []string{"1.5x", "1.5e", "1.5e+"}, out: "1.500000|1.500000|1.500000", status: 1,
		diags: []string{"1.5x: invalid number", "1.5e: invalid number", "1.5e+: invalid number"}},
	{format: "%a %A", args: []string{"1", "0.5"}, out: "0x1p+0 0X1P-1", noBash: true}, // bash uses long double: 0x8p-3
	{format: "%b|", args: []string{`\t\x41\101\0101\01010\u00e9\e`, `a\cb`, "c"}, out: "\tAAAA0é\x1b|a"},
	{format: "%b", args: []string{`\0`}, out: "\x00"},
	{format: "%b", args: []string{`\'\"\?\q\\`}, out: `\'\"\?\q\`},
	{format: "%b", args: []string{`\x`}, out: `\x`, diags: []string{`missing hex digit for \x`}},
	{format: "%b|", args: []string{`\x4`, `\x411`, `\u41`, `\U0001F600`, `\uD800`, `\U110000`}, out: "\x04|A1|A|😀|\xed\xa0\x80|\xf4\x90\x80\x80|"},
	{format: "%5b|%.2b|", args: []string{`a\tb`, "abc"}, out: "  a\tb|ab|"},
	{format: "%s%b%s\n", args: []string{"x", `y\cz`, "w"}, out: "xy"},
	{format: "%q\n", args: []string{"a b", "", "a'b", "a\nb", "~x", "x~", "#a", "a#", "a=b", "é", "\xff", "!x", "{a,b}", "a*", "a,b", "a:b", "%", "+", "@", "\x1b", "\x01é", "a:~", "=~"},
		out: "a\\ b\n''\na\\'b\n$'a\\nb'\n\\~x\nx~\n\\#a\na#\na=b\né\n$'\\377'\n\\!x\n\\{a\\,b\\}\na\\*\na\\,b\na:b\n%\n+\n@\n$'\\E'\n$'\\001é'\na:\\~\n=\\~\n"},
	{format: "%q ", args: []string{"!", `"`, "$", "&", "'", "(", ")", ";", "<", ">", "?", "[", `\`, "]", "^", "`", "|", "-", ".", "/", "_"},
		out: `\! \" \$ \& \' \( \) \; \< \> \? \[ \\ \] \^ ` + "\\`" + ` \| - . / _ `},
	{format: "%q|", args: []string{"\t", "a\tb", "\x7f", "\r\v\f\b\a\\", "a\x01'", "\u200b", "\u00a0", "\u0085", "a\xe9"},
		out: `$'\t'|$'a\tb'|$'\177'|$'\r\v\f\b\a\\'|$'a\001\''|` + "\u200b|\u00a0|" + `$'\302\205'|$'a\351'|`},
	{format: "%5q|%.2q|%.2Q|%Q", args: []string{"ab", "a b", "a b c", "x"}, out: `   ab|a\|a\ |x`},
	{format: "%n%s", args: []string{"a", "b"}, out: "b"},
	{format: "%(%Y-%m-%d)T", args: []string{"86400"}, out: "1970-01-02", noBash: true}, // depends on TZ
	{format: "%z", args: []string{"1"}, status: 1, diags: []string{"`%z': missing format character"}},
	{format: "ab%", status: 1, out: "ab", diags: []string{"`%': missing format character"}},
	{format: "%10.3", args: []string{"1"}, status: 1, diags: []string{"`%10.3': missing format character"}},
	{format: "x%5%y", status: 1, out: "x", diags: []string{"`%': invalid format character"}},
	{format: "%1$s", args: []string{"a"}, status: 1, diags: []string{"`$': invalid format character"}},
	{format: "%s%p%s", args: []string{"a", "b", "c"}, out: "a", status: 1, diags: []string{"`p': invalid format character"}},
	{format: "%s\n%k", args: []string{"a", "b"}, out: "a\n", status: 1, diags: []string{"`k': invalid format character"}},
}

func TestPrintf(t *testing.T) {
	for _, c := range printfCases {
		var b bytes.Buffer
		status, diags := Format(&b, c.format, c.args)
		var want []string
		for _, d := range c.diags {
			want = append(want, "printf: "+d)
		}
		if b.String() != c.out || status != c.status || strings.Join(diags, "\n") != strings.Join(want, "\n") {
			t.Errorf("Format(%q, %q) = %q, %d, %q; want %q, %d, %q", c.format, c.args, b.String(), status, diags, c.out, c.status, want)
		}
	}
}

func TestPrintfBash(t *testing.T) {
	bash := bashtest.Path(t)
	for _, c := range printfCases {
		if c.noBash {
			continue
		}
		var stdout, stderr bytes.Buffer
		cmd := bashtest.Command(bash, append([]string{"-c", `printf "$@"`, "bash", c.format}, c.args...)...)
		cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		status := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			status = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		var diags []string
		for _, line := range strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n") {
			if _, msg, ok := strings.Cut(line, "printf: "); ok {
				diags = append(diags, msg)
			}
		}
		if stdout.String() != c.out || status != c.status || strings.Join(diags, "\n") != strings.Join(c.diags, "\n") {
			t.Errorf("bash printf %q %q = %q, %d, %q; table says %q, %d, %q", c.format, c.args, stdout.String(), status, diags, c.out, c.status, c.diags)
		}
	}
}

func TestPrintfTime(t *testing.T) {
	var b bytes.Buffer
	Format(&b, "%(%s|%%|%q)T|%(%Y)T|%8.2(%s)T|", []string{"1234", "", "0"})
	if got, want := b.String(), "1234|%|%q|"; !strings.HasPrefix(got, want) || !strings.HasSuffix(got, "|       0|") {
		t.Errorf("time formats = %q", got)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) {
	return 0, &os.PathError{Op: "write", Path: "/dev/full", Err: errors.New("no space left on device")}
}

func TestPrintfWriteError(t *testing.T) {
	status, diags := Format(failWriter{}, "x", nil)
	if status != 1 || len(diags) != 1 || diags[0] != "printf: write error: no space left on device" {
		t.Errorf("write error: %d %q", status, diags)
	}
}

var echoCases = []struct {
	in, out string
	stop    bool
}{
	{"plain", "plain", false},
	{`a\nb\tc`, "a\nb\tc", false},
	{`\101|\0101|\01010|\x41|\u00e9|\q|\'|\"|\?|\e`, `\101|A|A0|A|é|\q|\'|\"|\?|` + "\x1b", false},
	{`x\cy`, "x", true},
	{`\c`, "", true},
	{`trailing\`, `trailing\`, false},
	{`\\n`, `\n`, false},
	{`\0`, "\x00", false},
}

func TestPrintfEchoEscapes(t *testing.T) {
	for _, c := range echoCases {
		if out, stop := EchoEscapes(c.in); out != c.out || stop != c.stop {
			t.Errorf("EchoEscapes(%q) = %q, %v; want %q, %v", c.in, out, stop, c.out, c.stop)
		}
	}
}

func TestPrintfEchoEscapesBash(t *testing.T) {
	bash := bashtest.Path(t)
	for _, c := range echoCases {
		out, err := bashtest.Command(bash, "-c", `echo -ne "$1"`, "bash", c.in).Output()
		if err != nil {
			t.Fatal(err)
		}
		if string(out) != c.out {
			t.Errorf("bash echo -e %q = %q, table says %q", c.in, out, c.out)
		}
	}
}
