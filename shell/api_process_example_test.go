package shell_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"strings"
	"time"

	"github.com/plumbsh/plumb/shell"
)

// serve is the server of the examples: it listens on a free port of the
// loopback, says where on stdout, and answers every line a client sends
// with the line upper-cased, logging it. In a real test it would be the
// program under test, an external command like any other.
func serve(ctx context.Context, args []string, files []*os.File) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(files[2], err)
		return 1
	}
	defer ln.Close()
	go func() { <-ctx.Done(); ln.Close() }()
	fmt.Fprintf(files[1], "listening on %s\n", ln.Addr())
	for {
		c, err := ln.Accept()
		if err != nil {
			return 0 // stopped
		}
		sc := bufio.NewScanner(c)
		for sc.Scan() {
			fmt.Fprintf(files[1], "served %s\n", sc.Text())
			fmt.Fprintln(c, strings.ToUpper(sc.Text()))
		}
		c.Close()
	}
}

// Start a server pipeline, wait until it is ready, run a client
// pipeline against it, stop the server, and check both.
func ExampleRunner_StartRun() {
	ctx := context.Background()
	r := &shell.Runner{Commands: map[string]shell.CommandFunc{"serve": serve}}

	var serverOut bytes.Buffer
	server, err := r.StartRun(ctx, "serve | cat", shell.WithStdout(&serverOut))
	if err != nil {
		fmt.Println(err)
		return
	}
	line, err := server.WaitReady(10*time.Second, shell.StdoutLine(`^listening on `))
	if err != nil {
		fmt.Println(err)
		return
	}
	host, port, _ := net.SplitHostPort(strings.TrimPrefix(line, "listening on "))

	// The client: plumb's /dev/tcp, through a pipeline.
	var clientOut bytes.Buffer
	_, err = r.Run(ctx, `exec 3<>/dev/tcp/$HOST/$PORT
printf 'hello\nworld\n' >&3
head -n 2 <&3 | sort -r`, shell.WithStdout(&clientOut), shell.WithEnv("HOST="+host, "PORT="+port))
	fmt.Printf("client: %v\n%s", err, clientOut.String())

	// The server logs each line it served; cat passes the log on. Wait
	// for the last line before stopping them, or SIGTERM may end cat
	// with it still in the pipe.
	if _, err := server.WaitReady(10*time.Second, shell.StdoutLine(`^served world$`)); err != nil {
		fmt.Println(err)
	}

	// SIGTERM to every stage, SIGKILL after 5s to what is left; every
	// process reaped when it returns. The call was cancelled: its error
	// is the context's.
	res, err := server.Stop(5 * time.Second)
	fmt.Println("server:", err, len(res.Pipelines))
	fmt.Print(strings.ReplaceAll(serverOut.String(), line, "listening on ADDR"))
	// Output:
	// client: <nil>
	// WORLD
	// HELLO
	// server: context canceled 1
	// listening on ADDR
	// served hello
	// served world
}
