package main

import (
	"encoding/json"
	"fmt"
	"sync"
	"time"
)

// burst deletes `count` pods of the first bench namespace (pods 0, n, 2n, … : the first
// rows of that namespace's screen) all at once, each with its own DELETE carrying the
// grace period, as a drain or a rollout makes them. It prints, per pod, when its request
// was sent and when the answer came (Unix ms): the apiserver stamped deletionTimestamp in
// between, so the pod's deadline lies in [sent + grace, answered + grace]. With -grace 0
// it removes them at once (no kubelet here would ever end a graceful delete).
// inFlight bounds the requests outstanding at once: with all 100 in flight the apiserver
// queues them and a pod's [sent, answered] spans up to half a second, too wide to time a
// 100 ms bound against; a few at a time keep each window to a request's own latency
// while the watch still carries the whole burst within about a second.
func burst(c *client, count, namespaces, grace, inFlight int) error {
	type timing struct {
		Sent     int64 `json:"sent"`
		Answered int64 `json:"answered"`
	}
	var mu sync.Mutex
	pods := map[string]timing{}
	body := rawJSON(fmt.Sprintf(`{"kind":"DeleteOptions","apiVersion":"v1","gracePeriodSeconds":%d}`, grace))
	failed, err := parallel(count, max(1, min(inFlight, count)), func(k int) error {
		i := k * namespaces
		sent := time.Now().UnixMilli()
		status, data, err := c.do("DELETE", podPath(i, namespaces), "application/json", body)
		answered := time.Now().UnixMilli()
		if err != nil {
			return err
		}
		if status != 200 && status != 202 && !(grace == 0 && status == 404) {
			return fmt.Errorf("DELETE %s: HTTP %d: %.300s", podName(i), status, data)
		}
		mu.Lock()
		pods[podName(i)] = timing{sent, answered}
		mu.Unlock()
		return nil
	})
	if err != nil {
		return fmt.Errorf("%d of %d deletes failed, the first: %w", failed, count, err)
	}
	out, _ := json.Marshal(map[string]any{"command": "burst", "namespace": nsName(0), "grace": grace, "pods": pods})
	fmt.Println(string(out))
	return nil
}
