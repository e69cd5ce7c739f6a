module podlife.dev/bench/driver

go 1.24
