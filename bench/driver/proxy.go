package main

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"time"
)

// proxy forwards TCP connections from listen to upstream as a slow link would carry
// them: each direction is serialised at bitsPerSecond and then delayed by half the round
// trip. The tools speak TLS to the apiserver through it, unaware of it.
func proxy(listen, upstream string, rtt time.Duration, bitsPerSecond float64) error {
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	out, _ := json.Marshal(map[string]any{"command": "proxy", "listen": ln.Addr().String(), "upstream": upstream, "rttMs": rtt.Milliseconds(), "mbitPerSecond": bitsPerSecond / 1e6})
	fmt.Println(string(out))
	for {
		conn, err := ln.Accept()
		if err != nil {
			return err
		}
		go func() {
			// Loopback connects at once; a real link spends a round trip on the handshake
			// before the client's first byte can leave.
			time.Sleep(rtt)
			up, err := net.Dial("tcp", upstream)
			if err != nil {
				fmt.Fprintln(os.Stderr, "driver proxy:", err)
				conn.Close()
				return
			}
			done := make(chan struct{}, 2)
			go slowPipe(conn, up, rtt/2, bitsPerSecond, done)
			go slowPipe(up, conn, rtt/2, bitsPerSecond, done)
			<-done
			<-done
			conn.Close()
			up.Close()
		}()
	}
}

type inFlight struct {
	data []byte
	due  time.Time
}

// slowPipe copies src to dst: a chunk leaves the "wire" once the chunks before it have
// (at the link rate) and arrives oneWay later. The queue is short (~1 MB), so a full
// link pushes back on the sender as a real bottleneck would.
func slowPipe(src, dst net.Conn, oneWay time.Duration, bitsPerSecond float64, done chan<- struct{}) {
	queue := make(chan inFlight, 64)
	go func() {
		defer close(queue)
		var wireFree time.Time
		for {
			buf := make([]byte, 16*1024)
			n, err := src.Read(buf)
			if n > 0 {
				start := time.Now()
				if wireFree.After(start) {
					start = wireFree
				}
				wireFree = start.Add(time.Duration(float64(n*8) / bitsPerSecond * float64(time.Second)))
				queue <- inFlight{buf[:n], wireFree.Add(oneWay)}
			}
			if err != nil {
				return
			}
		}
	}()
	for chunk := range queue {
		time.Sleep(time.Until(chunk.due))
		if _, err := dst.Write(chunk.data); err != nil {
			src.Close() // the reader below ends instead of waiting for a peer that is gone
			break
		}
	}
	if tcp, ok := dst.(*net.TCPConn); ok {
		tcp.CloseWrite()
	}
	// Drain whatever is left so the reader goroutine ends.
	for range queue {
	}
	done <- struct{}{}
}
