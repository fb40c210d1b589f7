package xlsx

import (
	"os"
	"testing"
)

func TestTmpWrite(t *testing.T) {
	os.WriteFile("/tmp/seed.xlsx", exportBytes(t, seed(t), testOpts), 0o644)
}
