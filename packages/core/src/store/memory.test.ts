import { storageContract } from "../../../../testing/storeContract.js"
import { memoryPort } from "./memory.js"

storageContract("memory", async () => memoryPort())
