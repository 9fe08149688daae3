// The JS tool the consumer runs through the installed @tp/runtime-npx.
export default ({ text }) => text.toUpperCase();
