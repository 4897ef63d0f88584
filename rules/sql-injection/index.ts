import rawSqlInterpolation from "./raw-sql-interpolation.js";

export default [rawSqlInterpolation];
