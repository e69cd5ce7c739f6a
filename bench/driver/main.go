// The benchmark's load driver: creates a fake node and thousands of pods bound to it on a
// real kube-apiserver (no kubelet runs them), and writes their status through the status
// subresource at a fixed rate, as a kubelet would. Standard library only; one HTTP/2
// connection multiplexes all requests.
//
//	driver populate -kubeconfig K -pods 5000 -namespaces 10
//	driver churn    -kubeconfig K -pods 5000 -namespaces 10 -rate 100 -duration 60s
//
// Each command prints one JSON line of figures (achieved rate, errors, write latency).
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
	"sort"
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
		return fmt.Errorf("PATCH status of %s: HTTP %d: %s", podName(i), status, data)
	}
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

func populate(c *client, pods, namespaces, workers int) error {
	start := time.Now()
	node := map[string]any{
		"apiVersion": "v1", "kind": "Node",
		"metadata": map[string]any{"name": nodeName, "labels": map[string]string{"kubernetes.io/hostname": nodeName}},
	}
	if err := c.create("/api/v1/nodes", node); err != nil {
		return err
	}
	for n := 0; n < namespaces; n++ {
		if err := c.create("/api/v1/namespaces", map[string]any{"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]any{"name": nsName(n)}}); err != nil {
			return err
		}
		// No controller-manager runs: the ServiceAccount admission still wants "default".
		sa := map[string]any{"apiVersion": "v1", "kind": "ServiceAccount", "metadata": map[string]any{"name": "default"}}
		if err := c.create("/api/v1/namespaces/"+nsName(n)+"/serviceaccounts", sa); err != nil {
			return err
		}
	}
	failed, err := parallel(pods, workers, func(i int) error {
		if err := c.create(fmt.Sprintf("/api/v1/namespaces/%s/pods", nsName(i%namespaces)), podObject(i, namespaces)); err != nil {
			return err
		}
		return c.patchStatus(i, namespaces, 0)
	})
	elapsed := time.Since(start).Seconds()
	out, _ := json.Marshal(map[string]any{"command": "populate", "pods": pods, "seconds": round(elapsed), "writesPerSecond": round(float64(2*pods) / elapsed), "errors": failed})
	fmt.Println(string(out))
	if err != nil {
		return fmt.Errorf("%d of %d pods failed, first: %w", failed, pods, err)
	}
	return nil
}

// churn writes `rate` status changes per second for `duration`: half go round-robin over
// every pod, half to the first pods of the first namespace (the ones every tool has on
// screen), so that changes are both spread out and visible.
func churn(c *client, pods, namespaces, rate int, duration time.Duration, workers int) error {
	total := int(float64(rate) * duration.Seconds())
	// One queue per worker and a pod always to the same worker: two writes to one pod in
	// flight at once would conflict in etcd and make the apiserver retry.
	queues := make([]chan int, workers)
	generation := make([]int32, pods)
	var failed atomic.Int64
	var firstErr atomic.Value
	var mu sync.Mutex
	latencies := make([]float64, 0, total)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		queues[w] = make(chan int, 64)
		wg.Add(1)
		go func(jobs chan int) {
			defer wg.Done()
			for i := range jobs {
				g := int(atomic.AddInt32(&generation[i], 1))
				t := time.Now()
				err := c.patchStatus(i, namespaces, g)
				d := time.Since(t).Seconds() * 1000
				if err != nil {
					failed.Add(1)
					firstErr.CompareAndSwap(nil, err)
				}
				mu.Lock()
				latencies = append(latencies, d)
				mu.Unlock()
			}
		}(queues[w])
	}
	hot := 40 * namespaces // the first 40 pods of namespace 0: pod k*namespaces lives there
	if hot > pods {
		hot = pods
	}
	start := time.Now()
	late := 0
	for k := 0; k < total; k++ {
		due := start.Add(time.Duration(float64(k) / float64(rate) * float64(time.Second)))
		if wait := time.Until(due); wait > 0 {
			time.Sleep(wait)
		} else if -wait > 100*time.Millisecond {
			late++
		}
		var i int
		if k%2 == 0 {
			i = (k / 2) % pods
		} else {
			i = ((k / 2) * namespaces) % hot
		}
		queues[i%workers] <- i
	}
	for _, q := range queues {
		close(q)
	}
	wg.Wait()
	elapsed := time.Since(start).Seconds()
	sort.Float64s(latencies)
	pct := func(p float64) float64 {
		if len(latencies) == 0 {
			return 0
		}
		return round(latencies[int(p*float64(len(latencies)-1))])
	}
	out, _ := json.Marshal(map[string]any{
		"command": "churn", "rate": rate, "writes": total, "seconds": round(elapsed),
		"achievedPerSecond": round(float64(total) / elapsed), "errors": failed.Load(), "lateOver100ms": late,
		"writeMsP50": pct(0.5), "writeMsP99": pct(0.99),
	})
	fmt.Println(string(out))
	if err, _ := firstErr.Load().(error); err != nil {
		fmt.Fprintf(os.Stderr, "driver: %d writes failed, first: %v\n", failed.Load(), err)
	}
	return nil
}

func round(x float64) float64 { return float64(int64(x*100+0.5)) / 100 }

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: driver populate|churn [flags]")
		os.Exit(2)
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	kubeconfig := fs.String("kubeconfig", os.Getenv("KUBECONFIG"), "kubeconfig of the bench cluster")
	pods := fs.Int("pods", 5000, "pods")
	namespaces := fs.Int("namespaces", 10, "namespaces the pods are spread over")
	workers := fs.Int("workers", 48, "concurrent requests")
	rate := fs.Int("rate", 100, "churn: status writes per second")
	duration := fs.Duration("duration", 60*time.Second, "churn: how long")
	fs.Parse(os.Args[2:])
	c, err := newClient(*kubeconfig)
	if err != nil {
		fmt.Fprintln(os.Stderr, "driver:", err)
		os.Exit(1)
	}
	switch os.Args[1] {
	case "populate":
		err = populate(c, *pods, *namespaces, *workers)
	case "churn":
		err = churn(c, *pods, *namespaces, *rate, *duration, *workers)
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "driver:", err)
		os.Exit(1)
	}
}
