package exec

import (
	"bytes"
	"os"
	"strconv"
)

// procIO returns rchar and wchar of /proc/PID/io: every byte the process
// passed to read-like and write-like system calls, whatever the file
// (pipes and sockets included, unlike read_bytes/write_bytes, which count
// block I/O only). The process must be exited and not yet reaped, so the
// counts are final and the pid still names it. -1 when unreadable.
func procIO(pid int) (rchar, wchar int64) {
	rchar, wchar = -1, -1
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/io")
	if err != nil {
		return
	}
	for _, line := range bytes.Split(b, []byte("\n")) {
		k, v, ok := bytes.Cut(line, []byte(": "))
		if !ok {
			continue
		}
		n, err := strconv.ParseInt(string(bytes.TrimSpace(v)), 10, 64)
		if err != nil {
			continue
		}
		switch string(k) {
		case "rchar":
			rchar = n
		case "wchar":
			wchar = n
		}
	}
	return
}
