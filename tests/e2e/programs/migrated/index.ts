// The user's program: it imports the file migrate-terraform generated (the test writes genesys-clients.ts).
import "./genesys-clients";
