// Imported first by server/index.ts, before anything that loads React or Express.
// An unset NODE_ENV means production to this app (server/config.ts, README), and the
// libraries must agree: React and react-dom/server pick their development or production
// build from process.env.NODE_ENV when first loaded, and Express its mode. Unset, a
// production server would render with React's development build. The first start's
// child process (server/first-start.ts) inherits the value.
if (!process.env.NODE_ENV) process.env.NODE_ENV = "production";

export {};
