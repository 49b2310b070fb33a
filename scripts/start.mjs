#!/usr/bin/env node
console.log('npm start: the demo chat lands with the reference server issue.');
