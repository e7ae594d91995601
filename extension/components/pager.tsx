/** Previous / next over a paginated API list, with "Página X de Y · N <noun>". */
export function Pager(props: {
  page: number;
  pageSize: number;
  total: number;
  noun: string;
  onPage(page: number): void;
}) {
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  return (
    <nav class="pager">
      <button type="button" disabled={props.page <= 1} onClick={() => props.onPage(props.page - 1)}>
        Anterior
      </button>
      <span>
        Página {props.page} de {pages} · {props.total} {props.noun}
      </span>
      <button
        type="button"
        disabled={props.page >= pages}
        onClick={() => props.onPage(props.page + 1)}
      >
        Siguiente
      </button>
    </nav>
  );
}
