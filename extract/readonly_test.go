package extract

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestReadOnlyOnlyLooks(t *testing.T) {
	for _, code := range []string{
		`docker ps`,
		`docker ps -a --format '{{.Names}}'`,
		`docker container inspect -f '{{.State.Status}}' web`,
		`docker images | grep app | wc -l`,
		`docker logs web 2>&1 | tail -5`,
		`curl -sSf http://localhost:8080/ > /dev/null && echo up`,
		`cat app.py`,
		`docker compose ps`,
		`X=1; echo $X`,
		`for i in 1 2 3; do curl -s localhost:8080; done`,
		`echo "$(docker inspect -f '{{.Id}}' web)"`,
		`docker network inspect bridge | jq '.[0].IPAM'`,
	} {
		assert.True(t, ReadOnly(code), code)
	}
}

func TestReadOnlyIsNotWhatLeavesSomething(t *testing.T) {
	for _, code := range []string{
		`docker run --rm busybox echo hi`,
		`docker ps > ps.txt`,
		`echo hi >> notes.txt`,
		`docker logs -f web`,
		`docker compose up -d`,
		`curl -o page.html http://localhost/`,
		`curl -sSLo page.html http://localhost/`,
		`curl -X POST http://localhost/items`,
		`curl --data 'a=1' http://localhost/items`,
		`sleep 600 &`,
		`cd app`,
		`export NAME=web`,
		`f() { docker rm -f web; }`,
		`$CMD ps`,
		`docker exec web ls`,
		`sort -o out.txt in.txt`,
		`hostname lab2`,
		`docker ps; docker rm -f web`,
		`echo "$(docker run -d nginx)"`,
		`if [ (`,
	} {
		assert.False(t, ReadOnly(code), code)
	}
}
