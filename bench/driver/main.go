// The benchmark's load driver: creates a fake node and thousands of pods bound to it on a
// real kube-apiserver (no kubelet runs them), and writes their status through the status
// subresource at a fixed rate, as a kubelet would. Standard library only; one HTTP/2
// connection multiplexes all requests.
//
//	driver populate -kubeconfig K -pods 5000 -namespaces 10 [-from N]
//	driver churn    -kubeconfig K -pods 5000 -namespaces 10 -rate 100 -duration 60s [-pod-churn 10 -events 10 -from N]
//	driver list     -kubeconfig K [-namespace NS]     (times a bare paged LIST)
//	driver clear    -kubeconfig K -namespaces 10      (every pod and Event of the bench namespaces)
//	driver burst    -kubeconfig K -count 100 -grace 5 (deletes the first pods of bench-00 at once)
//	driver proxy    -listen 127.0.0.1:0 -upstream 127.0.0.1:7443 -rtt 80ms -mbit 20
//
// Each command prints one JSON line of figures (achieved rate, errors, write latency);
// proxy prints its address and serves until killed.
package main

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

const nodeName = "bench-node"

var containers = []string{"app", "sidecar", "log-shipper"}

type client struct {
	server string
	http   *http.Client
}

// Reads the few fields our own generated kubeconfig has (server, CA, client cert/key).
func newClient(kubeconfig string) (*client, error) {
	f, err := os.Open(kubeconfig)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fields := map[string]string{}
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		line := strings.TrimSpace(scanner.Text())
		for _, key := range []string{"server", "certificate-authority", "client-certificate", "client-key"} {
			if strings.HasPrefix(line, key+": ") && fields[key] == "" {
				fields[key] = strings.TrimSpace(strings.TrimPrefix(line, key+": "))
			}
		}
	}
	ca, err := os.ReadFile(fields["certificate-authority"])
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(ca)
	cert, err := tls.LoadX509KeyPair(fields["client-certificate"], fields["client-key"])
	if err != nil {
		return nil, err
	}
	transport := &http.Transport{
		TLSClientConfig:     &tls.Config{RootCAs: pool, Certificates: []tls.Certificate{cert}},
		ForceAttemptHTTP2:   true,
		MaxIdleConnsPerHost: 64,
	}
	return &client{server: strings.TrimRight(fields["server"], "/"), http: &http.Client{Transport: transport, Timeout: 30 * time.Second}}, nil
}

func (c *client) do(method, path, contentType string, body any) (int, []byte, error) {
	var reader io.Reader
	if raw, ok := body.(rawJSON); ok {
		reader = bytes.NewReader(raw)
	} else if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		reader = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, c.server+path, reader)
	if err != nil {
		return 0, nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept", "application/json")
	res, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return res.StatusCode, data, nil
}

// create POSTs an object; an existing one (409) is fine: populate is rerunnable.
func (c *client) create(path string, obj any) error {
	status, data, err := c.do("POST", path, "application/json", obj)
	if err != nil {
		return err
	}
	if status != 201 && status != 200 && status != 409 {
		return fmt.Errorf("POST %s: HTTP %d: %s", path, status, data)
	}
	return nil
}

func nsName(i int) string  { return fmt.Sprintf("bench-%02d", i) }
func podName(i int) string { return fmt.Sprintf("pod-%05d", i) }

// Pod i lives in namespace i % namespaces.
func podPath(i, namespaces int) string {
	return fmt.Sprintf("/api/v1/namespaces/%s/pods/%s", nsName(i%namespaces), podName(i))
}

func podObject(i, namespaces int) map[string]any {
	var specs []map[string]any
	for _, name := range containers {
		specs = append(specs, map[string]any{"name": name, "image": "registry.local/bench/" + name + ":1"})
	}
	return map[string]any{
		"apiVersion": "v1",
		"kind":       "Pod",
		"metadata": map[string]any{
			"name":      podName(i),
			"namespace": nsName(i % namespaces),
			"labels":    map[string]string{"app": "bench", "shard": fmt.Sprint(i % 17)},
		},
		"spec": map[string]any{
			"nodeName":                      nodeName,
			"containers":                    specs,
			"terminationGracePeriodSeconds": 30,
			"automountServiceAccountToken":  false,
			"tolerations":                   []map[string]any{{"operator": "Exists"}},
		},
	}
}

// statusPatch is what a kubelet would write at the pod's generation-th change: even
// generations run, odd ones show the app container crash-looping after an exit. Built as
// text: at 500 writes/s the driver shares two cores with the apiserver it loads.
func statusPatch(i, generation int, now time.Time) []byte {
	started := now.UTC().Format(time.RFC3339)
	ready := "true"
	if generation%2 == 1 {
		ready = "false"
	}
	var b strings.Builder
	b.Grow(2048)
	fmt.Fprintf(&b, `{"status":{"phase":"Running","hostIP":"127.0.0.1","podIP":"127.0.0.1","startTime":%q,"conditions":[`+
		`{"type":"PodScheduled","status":"True"},{"type":"Initialized","status":"True"},`+
		`{"type":"ContainersReady","status":"%s"},{"type":"Ready","status":"%s"}],"containerStatuses":[`,
		started, strings.Title(ready), strings.Title(ready))
	for c, name := range containers {
		if c > 0 {
			b.WriteByte(',')
		}
		restarts, state, extra, isReady := 0, fmt.Sprintf(`{"running":{"startedAt":%q}}`, started), "", "true"
		if c == 0 {
			restarts = generation
			if generation%2 == 1 {
				isReady = "false"
				state = `{"waiting":{"reason":"CrashLoopBackOff","message":"back-off restarting failed container"}}`
				extra = fmt.Sprintf(`,"lastState":{"terminated":{"exitCode":1,"reason":"Error","startedAt":%q,"finishedAt":%q}}`, started, started)
			}
		}
		fmt.Fprintf(&b, `{"name":%q,"image":"registry.local/bench/%s:1","imageID":"registry.local/bench/%s@sha256:0123456789abcdef",`+
			`"containerID":"containerd://%08x%04x%04x","restartCount":%d,"ready":%s,"started":%s,"state":%s%s}`,
			name, name, name, i, c, generation, restarts, isReady, isReady, state, extra)
	}
	b.WriteString(`]}}`)
	return []byte(b.String())
}

func (c *client) patchStatus(i, namespaces, generation int) error {
	status, data, err := c.do("PATCH", podPath(i, namespaces)+"/status", "application/merge-patch+json", rawJSON(statusPatch(i, generation, time.Now())))
	if err != nil {
		return err
	}
	if status != 200 {
		return &httpError{status, fmt.Sprintf("PATCH status of %s: HTTP %d: %.300s", podName(i), status, data)}
	}
	return nil
}

// httpError keeps the status code of a failed request (churn tells a pod gone from a failure).
type httpError struct {
	status  int
	message string
}

func (e *httpError) Error() string { return e.message }

func httpStatus(err error) int {
	if h, ok := err.(*httpError); ok {
		return h.status
	}
	return 0
}

// clear removes every pod and Event of the bench namespaces at once (a collection delete
// with grace 0: no kubelet would ever confirm a graceful one), so a scenario can start
// from a smaller population.
func clear(c *client, namespaces int) error {
	start := time.Now()
	for n := 0; n < namespaces; n++ {
		for _, kind := range []string{"pods", "events"} {
			path := "/api/v1/namespaces/" + nsName(n) + "/" + kind + "?gracePeriodSeconds=0"
			status, data, err := c.do("DELETE", path, "", nil)
			if err != nil {
				return err
			}
			if status != 200 && status != 404 {
				return fmt.Errorf("DELETE %s: HTTP %d: %.300s", path, status, data)
			}
		}
	}
	out, _ := json.Marshal(map[string]any{"command": "clear", "namespaces": namespaces, "seconds": round(time.Since(start).Seconds())})
	fmt.Println(string(out))
	return nil
}

// rawJSON is a body that is already JSON.
type rawJSON []byte

// parallel runs fn(0..n-1) on `workers` goroutines; returns the first error and the count of errors.
func parallel(n, workers int, fn func(int) error) (int, error) {
	var next, failed atomic.Int64
	var first atomic.Value
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := fn(i); err != nil {
					failed.Add(1)
					first.CompareAndSwap(nil, err)
				}
			}
		}()
	}
	wg.Wait()
	err, _ := first.Load().(error)
	return int(failed.Load()), err
}

func round(x float64) float64 { return float64(int64(x*100+0.5)) / 100 }

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: driver populate|churn|list|clear|burst|proxy [flags]")
		os.Exit(2)
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	kubeconfig := fs.String("kubeconfig", os.Getenv("KUBECONFIG"), "kubeconfig of the bench cluster")
	pods := fs.Int("pods", 5000, "pods (populate: up to this many; churn: live at once)")
	from := fs.Int("from", 0, "populate: first pod to create; churn: first live pod")
	namespaces := fs.Int("namespaces", 10, "namespaces the pods are spread over")
	workers := fs.Int("workers", 48, "concurrent requests")
	rate := fs.Float64("rate", 100, "churn: status writes per second")
	podChurn := fs.Float64("pod-churn", 0, "churn: pods created and as many stopped per second")
	events := fs.Float64("events", 0, "churn: Events posted per second")
	duration := fs.Duration("duration", 60*time.Second, "churn: how long")
	namespace := fs.String("namespace", "", "list: one namespace (default: all)")
	pageSize := fs.Int("page-size", 500, "list: items per page")
	listen := fs.String("listen", "127.0.0.1:0", "proxy: address to listen on")
	upstream := fs.String("upstream", "", "proxy: host:port to forward to")
	rtt := fs.Duration("rtt", 80*time.Millisecond, "proxy: round-trip time added")
	mbit := fs.Float64("mbit", 20, "proxy: link rate each way, Mbit/s")
	count := fs.Int("count", 100, "burst: pods deleted at once")
	grace := fs.Int("grace", 5, "burst: the deletes' grace period, seconds (0: remove them)")
	inFlight := fs.Int("in-flight", 0, "burst: DELETEs outstanding at once (0: all of them)")
	fs.Parse(os.Args[2:])
	if os.Args[1] == "proxy" {
		if err := proxy(*listen, *upstream, *rtt, *mbit*1e6); err != nil {
			fmt.Fprintln(os.Stderr, "driver:", err)
			os.Exit(1)
		}
		return
	}
	c, err := newClient(*kubeconfig)
	if err != nil {
		fmt.Fprintln(os.Stderr, "driver:", err)
		os.Exit(1)
	}
	switch os.Args[1] {
	case "populate":
		err = populate(c, *from, *pods, *namespaces, *workers)
	case "churn":
		err = churn(c, load{pods: *pods, namespaces: *namespaces, from: *from, rate: *rate, podChurn: *podChurn, events: *events, duration: *duration, workers: *workers})
	case "list":
		err = list(c, *namespace, *pageSize)
	case "clear":
		err = clear(c, *namespaces)
	case "burst":
		flight := *inFlight
		if flight <= 0 {
			flight = *count
		}
		err = burst(c, *count, *namespaces, *grace, flight)
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "driver:", err)
		os.Exit(1)
	}
}
