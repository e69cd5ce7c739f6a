package main

import (
	"encoding/json"
	"fmt"
	"net/url"
	"time"
)

// list times a bare paged LIST of every pod (500 a page, as podlife and kubectl ask),
// decoding only what paging needs: the floor under any tool's "list completed".
func list(c *client, namespace string, pageSize int) error {
	base := "/api/v1/pods"
	if namespace != "" {
		base = "/api/v1/namespaces/" + url.PathEscape(namespace) + "/pods"
	}
	start := time.Now()
	pods, bytes, pages := 0, 0, 0
	next := ""
	for {
		path := fmt.Sprintf("%s?limit=%d", base, pageSize)
		if next != "" {
			path += "&continue=" + url.QueryEscape(next)
		}
		status, data, err := c.do("GET", path, "", nil)
		if err != nil {
			return err
		}
		if status != 200 {
			return fmt.Errorf("GET %s: HTTP %d: %.300s", path, status, data)
		}
		var page struct {
			Metadata struct {
				Continue string `json:"continue"`
			} `json:"metadata"`
			Items []json.RawMessage `json:"items"`
		}
		if err := json.Unmarshal(data, &page); err != nil {
			return err
		}
		pods += len(page.Items)
		bytes += len(data)
		pages++
		next = page.Metadata.Continue
		if next == "" {
			break
		}
	}
	out, _ := json.Marshal(map[string]any{"command": "list", "pods": pods, "pages": pages, "megabytes": round(float64(bytes) / 1e6), "seconds": round(time.Since(start).Seconds())})
	fmt.Println(string(out))
	return nil
}
