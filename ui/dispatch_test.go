package ui

import (
	"testing"
	"time"
)

// Notices given one after another run one after another, in that order,
// and giving one never waits for the UI thread.
func TestSerialKeepsOrder(t *testing.T) {
	ran := make(chan int, 1000)
	release := make(chan struct{})
	s := newSerial(func(f func()) { <-release; f() }) // a UI thread busy until released
	given := make(chan struct{})
	go func() {
		for i := range 1000 {
			s.Do(func() { ran <- i })
		}
		close(given)
	}()
	select {
	case <-given:
	case <-time.After(10 * time.Second):
		t.Fatal("giving notices waited for the busy UI thread")
	}
	close(release)
	for want := range 1000 {
		select {
		case got := <-ran:
			if got != want {
				t.Fatalf("notice %d ran as the %dth", got, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("notice %d never ran", want)
		}
	}
}
