package main

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// load is what churn writes per second. Pods live in a window [from, from+pods) that
// pod churn moves up: each step creates pod from+pods and stops pod from (a delete with
// grace, its containers' exit, the final grace-0 delete: what a kubelet would write).
type load struct {
	pods, namespaces, from int
	rate                   float64 // status changes per second
	podChurn               float64 // pods created (and as many stopped) per second
	events                 float64 // Events per second, half about live pods, half about stopped ones
	duration               time.Duration
	workers                int
}

type job struct {
	pod int // the worker is chosen by pod: two writes to one pod in flight would conflict
	run func() error
}

type counters struct {
	statusWrites, creates, stops, events, failed, gone atomic.Int64
	firstErr                                           atomic.Value
	mu                                                 sync.Mutex
	latencies                                          []float64
}

// churn writes `rate` status changes per second for `duration`: half go round-robin over
// every live pod, half to the first live pods of the first namespace (the ones every tool
// has on screen), so that changes are both spread out and visible. With -pod-churn and
// -events it also creates and stops pods and posts Events, as a busy cluster does.
func churn(c *client, l load) error {
	total := int(l.rate * l.duration.Seconds())
	steps := int(l.podChurn * l.duration.Seconds())
	eventTotal := int(l.events * l.duration.Seconds())
	generation := make([]int32, l.from+l.pods+steps+1)
	var n counters
	queues := make([]chan job, l.workers)
	var wg sync.WaitGroup
	for w := range queues {
		queues[w] = make(chan job, 64)
		wg.Add(1)
		go func(jobs chan job) {
			defer wg.Done()
			for j := range jobs {
				if err := j.run(); err != nil {
					n.failed.Add(1)
					n.firstErr.CompareAndSwap(nil, err)
				}
			}
		}(queues[w])
	}
	send := func(pod int, run func() error) { queues[pod%l.workers] <- job{pod, run} }

	hot := 40 * l.namespaces // the first 40 live pods of namespace 0
	if hot > l.pods-l.namespaces {
		hot = l.pods - l.namespaces
	}
	lo := l.from
	start := time.Now()
	late := 0
	nextStatus, nextStep, nextEvent := 0, 0, 0
	at := func(k int, perSecond float64) time.Time {
		return start.Add(time.Duration(float64(k) / perSecond * float64(time.Second)))
	}
	for nextStatus < total || nextStep < steps || nextEvent < eventTotal {
		// Whichever of the three schedules is due first.
		kind, due := "", time.Time{}
		consider := func(name string, k, limit int, perSecond float64) {
			if k >= limit {
				return
			}
			if t := at(k, perSecond); kind == "" || t.Before(due) {
				kind, due = name, t
			}
		}
		consider("status", nextStatus, total, l.rate)
		consider("step", nextStep, steps, l.podChurn)
		consider("event", nextEvent, eventTotal, l.events)
		if wait := time.Until(due); wait > 0 {
			time.Sleep(wait)
		} else if -wait > 100*time.Millisecond {
			late++
		}
		switch kind {
		case "status":
			k := nextStatus
			nextStatus++
			i := lo + (k/2)%l.pods
			if k%2 == 1 {
				base0 := (lo + l.namespaces - 1) / l.namespaces * l.namespaces
				i = base0 + ((k/2)*l.namespaces)%hot
			}
			send(i, func() error {
				g := int(atomic.AddInt32(&generation[i], 1))
				t := time.Now()
				err := c.patchStatus(i, l.namespaces, g)
				d := time.Since(t).Seconds() * 1000
				n.mu.Lock()
				n.latencies = append(n.latencies, d)
				n.mu.Unlock()
				if isGone(err) {
					n.gone.Add(1)
					return nil
				}
				n.statusWrites.Add(1)
				return err
			})
		case "step":
			nextStep++
			born, dying := lo+l.pods, lo
			lo++
			send(born, func() error {
				n.creates.Add(1)
				return c.createPod(born, l.namespaces)
			})
			send(dying, func() error {
				n.stops.Add(1)
				return c.stopPod(dying, l.namespaces)
			})
		case "event":
			e := nextEvent
			nextEvent++
			i := lo + (e*7919)%l.pods // a live pod, spread over all of them
			if e%2 == 1 && lo > l.from {
				i = lo - 1 - (e/2)%min(lo-l.from, 50) // one of the last pods stopped
			}
			send(i, func() error {
				n.events.Add(1)
				return c.postEvent(i, l.namespaces, e)
			})
		}
	}
	for _, q := range queues {
		close(q)
	}
	wg.Wait()
	elapsed := time.Since(start).Seconds()
	sort.Float64s(n.latencies)
	pct := func(p float64) float64 {
		if len(n.latencies) == 0 {
			return 0
		}
		return round(n.latencies[int(p*float64(len(n.latencies)-1))])
	}
	out, _ := json.Marshal(map[string]any{
		"command": "churn", "rate": l.rate, "writes": total, "seconds": round(elapsed),
		"achievedPerSecond": round(float64(total) / elapsed), "errors": n.failed.Load(), "lateOver100ms": late,
		"writeMsP50": pct(0.5), "writeMsP99": pct(0.99),
		"podsCreated": n.creates.Load(), "podsStopped": n.stops.Load(), "events": n.events.Load(),
		"statusToGonePod": n.gone.Load(), "liveFrom": lo,
	})
	fmt.Println(string(out))
	if err, _ := n.firstErr.Load().(error); err != nil {
		fmt.Fprintf(os.Stderr, "driver: %d writes failed, first: %v\n", n.failed.Load(), err)
	}
	return nil
}

// stopPod does what a delete and the kubelet would: the delete with grace (the pod shows
// its deletionTimestamp), the kubelet's Killing event, every container's exit, then the
// kubelet's grace-0 delete.
func (c *client) stopPod(i, namespaces int) error {
	path := podPath(i, namespaces)
	if err := c.deletePod(path, 30); err != nil {
		return err
	}
	if err := c.postEventOf(i, namespaces, podName(i)+".killing", "Normal", "Killing", "Stopping container app"); err != nil {
		return err
	}
	status, data, err := c.do("PATCH", path+"/status", "application/merge-patch+json", rawJSON(exitedPatch(time.Now())))
	if err != nil {
		return err
	}
	if status != 200 {
		return fmt.Errorf("PATCH status of %s: HTTP %d: %.300s", podName(i), status, data)
	}
	return c.deletePod(path, 0)
}

func (c *client) deletePod(path string, grace int) error {
	status, data, err := c.do("DELETE", path, "application/json", map[string]any{"apiVersion": "v1", "kind": "DeleteOptions", "gracePeriodSeconds": grace})
	if err != nil {
		return err
	}
	if status != 200 && status != 202 {
		return fmt.Errorf("DELETE %s: HTTP %d: %.300s", path, status, data)
	}
	return nil
}

// exitedPatch: every container terminated with exit 0, as after a clean TERM.
func exitedPatch(now time.Time) []byte {
	at := now.UTC().Format(time.RFC3339)
	var statuses []map[string]any
	for _, name := range containers {
		statuses = append(statuses, map[string]any{
			"name": name, "image": "registry.local/bench/" + name + ":1", "imageID": "registry.local/bench/" + name + "@sha256:0123456789abcdef",
			"restartCount": 0, "ready": false, "started": false,
			"state": map[string]any{"terminated": map[string]any{"exitCode": 0, "reason": "Completed", "startedAt": at, "finishedAt": at}},
		})
	}
	data, _ := json.Marshal(map[string]any{"status": map[string]any{"phase": "Succeeded", "containerStatuses": statuses}})
	return data
}

var eventKinds = []struct{ kind, reason, message string }{
	{"Normal", "Pulled", `Container image "registry.local/bench/app:1" already present on machine`},
	{"Warning", "BackOff", "Back-off restarting failed container app in pod"},
	{"Normal", "Started", "Started container app"},
	{"Warning", "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503"},
}

// postEvent posts the e-th Event, about pod i's app container, as the kubelet reports one.
func (c *client) postEvent(i, namespaces, e int) error {
	k := eventKinds[e%len(eventKinds)]
	return c.postEventOf(i, namespaces, fmt.Sprintf("%s.bench%06x", podName(i), e), k.kind, k.reason, k.message)
}

func (c *client) postEventOf(i, namespaces int, name, kind, reason, message string) error {
	ns := nsName(i % namespaces)
	now := time.Now().UTC().Format(time.RFC3339)
	event := map[string]any{
		"apiVersion": "v1", "kind": "Event",
		"metadata":       map[string]any{"name": name, "namespace": ns},
		"involvedObject": map[string]any{"apiVersion": "v1", "kind": "Pod", "namespace": ns, "name": podName(i), "fieldPath": "spec.containers{app}"},
		"type":           kind, "reason": reason, "message": message,
		"firstTimestamp": now, "lastTimestamp": now, "count": 1,
		"source": map[string]any{"component": "kubelet", "host": nodeName},
	}
	return c.create("/api/v1/namespaces/"+url.PathEscape(ns)+"/events", event)
}

// isGone: a status write raced a stop of the same pod (the schedule picked it just before).
func isGone(err error) bool {
	return err != nil && httpStatus(err) == 404
}
