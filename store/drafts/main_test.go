package drafts

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"nianbao/model"
)

// The crash and second-instance tests re-execute the test binary; the
// environment says which child to be.
const (
	envChild = "NIANBAO_STORE_CHILD" // "crash" or "lock"
	envPath  = "NIANBAO_STORE_PATH"
	envDraft = "NIANBAO_STORE_DRAFT"
)

func TestMain(m *testing.M) {
	switch os.Getenv(envChild) {
	case "crash":
		crashChild(os.Getenv(envPath), os.Getenv(envDraft))
		os.Exit(0)
	case "lock":
		lockChild(os.Getenv(envPath))
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// openTest opens a new drafts file in a temporary directory.
func openTest(t testing.TB, opts Options) *DB {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "drafts.db"), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

func mustCreate(t testing.TB, db *DB, unit string, year int) DraftInfo {
	t.Helper()
	info, err := db.Create(DraftKey{Unit: unit, Year: year})
	if err != nil {
		t.Fatal(err)
	}
	return info
}

func mustLoad(t testing.TB, db *DB, id string) *model.Report {
	t.Helper()
	r, _, err := db.Load(id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func wantCode(t testing.TB, err error, code model.ErrorCode) {
	t.Helper()
	if model.ErrorCodeOf(err) != code {
		t.Fatalf("error %v: code %q, want %q", err, model.ErrorCodeOf(err), code)
	}
}

// clock is a settable clock for Options.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock {
	return &clock{t: time.Date(2025, 1, 10, 9, 0, 0, 0, time.Local)}
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// readFile returns a file's bytes, failing the test if it cannot.
func readFile(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
