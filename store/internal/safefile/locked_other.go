//go:build !windows

package safefile

// Unix systems let a file be replaced while another program has it open,
// so a failed rename is never a lock; Excel's owner file (on a network
// share) is checked by the caller.
func isLocked(string, error) bool { return false }
