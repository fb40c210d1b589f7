package cli

import (
	"flag"
	"fmt"

	"nianbao/model"
	"nianbao/store/drafts"
)

// dbOptions are the --db and --new flags of the commands that use the
// drafts file.
type dbOptions struct {
	path   *string
	create *bool
}

func dbFlags(fs *flag.FlagSet) dbOptions {
	return dbOptions{
		path:   fs.String("db", "", "数据文件路径"),
		create: fs.Bool("new", false, "--db 指定的数据文件不存在时新建它"),
	}
}

// openDB opens the drafts file given by --db, or the default one. A --db
// that does not exist is refused unless --new is given: a typo in a
// script must not quietly fill a new, empty database. The default file is
// created on first use, as the GUI does. A file that cannot be written
// opens read-only: export and publish work, import says why it cannot.
func openDB(env Env, o dbOptions) (*drafts.DB, bool) {
	path := *o.path
	opts := drafts.Options{
		MustExist: path != "" && !*o.create,
		Log:       env.Log,
		OnBackupError: func(err error) {
			fmt.Fprintln(env.Stderr, "警告："+env.say(err))
		},
	}
	if path == "" {
		var err error
		if path, err = drafts.DefaultPath(); err != nil {
			fmt.Fprintln(env.Stderr, "找不到数据文件的默认位置："+env.say(err))
			return nil, false
		}
	}
	db, err := drafts.Open(path, opts)
	if err != nil {
		msg := env.say(err)
		if model.ErrorCodeOf(err) == model.CodeMissing {
			msg += "如确实要新建一个空的数据文件，请加上 --new。"
		}
		fmt.Fprintln(env.Stderr, msg)
		return nil, false
	}
	return db, true
}
