"""REST ``POST @workflow/<transition>`` on a controlled document someone else is editing."""
