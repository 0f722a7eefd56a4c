//! User types live here (see the auth issue).
