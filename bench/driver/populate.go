package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sync/atomic"
	"time"
)

// populate creates the fake node, the namespaces and pods from..pods-1 (each with a
// Running status), so a bigger population can be reached in steps without rewriting the
// pods already there. Creating an object that exists (409) is fine: it is rerunnable.
func populate(c *client, from, pods, namespaces, workers int) error {
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
	var done atomic.Int64
	failed, err := parallel(pods-from, workers, func(k int) error {
		i := from + k
		if err := c.createPod(i, namespaces); err != nil {
			return err
		}
		if n := done.Add(1); n%5000 == 0 {
			fmt.Fprintf(os.Stderr, "driver: %d pods written (%.0f s)\n", from+int(n), time.Since(start).Seconds())
		}
		return nil
	})
	elapsed := time.Since(start).Seconds()
	created := pods - from
	figures := map[string]any{"command": "populate", "pods": pods, "created": created, "seconds": round(elapsed), "writesPerSecond": round(float64(2*created) / elapsed), "errors": failed}
	if err != nil {
		figures["firstError"] = err.Error()
	}
	out, _ := json.Marshal(figures)
	fmt.Println(string(out))
	if err != nil {
		return fmt.Errorf("%d of %d pods failed, first: %w", failed, created, err)
	}
	return nil
}

// createPod creates pod i and writes its first (Running) status, as a kubelet would.
func (c *client) createPod(i, namespaces int) error {
	if err := c.create(fmt.Sprintf("/api/v1/namespaces/%s/pods", nsName(i%namespaces)), podObject(i, namespaces)); err != nil {
		return err
	}
	return c.patchStatus(i, namespaces, 0)
}
