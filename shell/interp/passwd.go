package interp

import (
	"bufio"
	"os"
	"strconv"
	"strings"
)

// lookupPasswd finds the user whose name (byUID false) or numeric uid
// (byUID true) is key in /etc/passwd and returns the name and the home
// directory. It is what os/user does in a binary without cgo, which
// plumb is; reading the file here keeps os/user out of the binary.
func lookupPasswd(key string, byUID bool) (name, home string, ok bool) {
	f, err := os.Open("/etc/passwd")
	if err != nil {
		return "", "", false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// name:password:uid:gid:gecos:home:shell
		fields := strings.Split(sc.Text(), ":")
		if len(fields) < 7 || strings.HasPrefix(fields[0], "#") ||
			strings.HasPrefix(fields[0], "+") || strings.HasPrefix(fields[0], "-") {
			continue // a comment, or an NIS entry: not a user
		}
		if byUID && fields[2] == key || !byUID && fields[0] == key {
			return fields[0], fields[5], true
		}
	}
	return "", "", false
}

// homeDir is a user's home directory, the current user's for "".
func homeDir(name string) (string, bool) {
	if name == "" {
		_, home, ok := lookupPasswd(strconv.Itoa(os.Getuid()), true)
		return home, ok
	}
	_, home, ok := lookupPasswd(name, false)
	return home, ok
}
