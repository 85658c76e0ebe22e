import { accountDataSource } from "./account";
import { accountTtsCacheDataSource } from "./account-tts-cache";

export const dataSources = [accountDataSource, accountTtsCacheDataSource] as const;
